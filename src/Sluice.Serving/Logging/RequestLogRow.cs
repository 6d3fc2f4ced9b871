namespace Sluice.Serving.Logging;

/// <summary>One serialised JSONL line with the partition it belongs to.</summary>
internal sealed record RequestLogRow(string Model, string Version, DateTimeOffset Timestamp, byte[] Line);
