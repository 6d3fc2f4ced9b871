namespace Sluice.Serving.Models;

/// <summary>One model to serve: where it comes from and how to run it.</summary>
public sealed record ModelSpec(string Name, string Uri)
{
    public string Version { get; init; } = "1";

    /// <summary>Expected lowercase hex sha256 of the model bytes; verified when set.</summary>
    public string? Sha256 { get; init; }

    public SessionSettings Session { get; init; } = new();

    /// <summary>Feature names in column order for models that do not record them (request logs use them); null uses the model's.</summary>
    public IReadOnlyList<string>? FeatureNames { get; init; }

    /// <summary>
    /// URI of the version's training profile (sluice.dev/profile/v1), read with the model: its features less its
    /// target name the values when neither <see cref="FeatureNames"/> nor the model does, if as many as a row has.
    /// </summary>
    public string? Profile { get; init; }

    /// <summary>Dynamic batching; null turns it off.</summary>
    public BatchingSettings? Batching { get; init; }
}
