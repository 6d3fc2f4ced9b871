using System.Text.Json.Serialization;

namespace Sluice.Core.Drift.Windows;

/// <summary>What a drift window read: objects and lines by what they were to the window.</summary>
public sealed record WindowCounts
{
    /// <summary>Log objects read (listed in the window's hours, not after its end by name, and readable).</summary>
    [JsonPropertyName("objects")] public long Objects { get; init; }

    /// <summary>Objects that could not be read or failed their sha256 check (a truncated upload): skipped.</summary>
    [JsonPropertyName("invalidObjects")] public long InvalidObjects { get; init; }

    /// <summary>Objects of the window's hours whose name says they start at or after its end: not read.</summary>
    [JsonPropertyName("skippedObjects")] public long SkippedObjects { get; init; }

    /// <summary>Rows of the window: well formed, ts in [start, end), the window's model and version.</summary>
    [JsonPropertyName("rows")] public long Rows { get; init; }

    /// <summary>Lines that are not a JSON object with a string ts and a features object.</summary>
    [JsonPropertyName("invalid")] public long Invalid { get; init; }

    [JsonPropertyName("outsideWindow")] public long OutsideWindow { get; init; }

    [JsonPropertyName("otherVersion")] public long OtherVersion { get; init; }

    /// <summary>Rows in the uniform sample the statistics ran on.</summary>
    [JsonPropertyName("sampled")] public long Sampled { get; init; }

    /// <summary>Every non-blank line read.</summary>
    [JsonIgnore] public long Lines => Rows + Invalid + OutsideWindow + OtherVersion;
}
