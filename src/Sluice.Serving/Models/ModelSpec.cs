namespace Sluice.Serving.Models;

/// <summary>One model to serve: where it comes from and how to run it.</summary>
public sealed record ModelSpec(string Name, string Uri)
{
    public string Version { get; init; } = "1";

    /// <summary>Expected lowercase hex sha256 of the model bytes; verified when set.</summary>
    public string? Sha256 { get; init; }

    public SessionSettings Session { get; init; } = new();

    /// <summary>Dynamic batching; null turns it off.</summary>
    public BatchingSettings? Batching { get; init; }
}
