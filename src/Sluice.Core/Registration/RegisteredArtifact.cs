namespace Sluice.Core.Registration;

/// <summary>A stage output a ModelVersion refers to: its URI and, when the stage reported it, its sha256.</summary>
public sealed record RegisteredArtifact(string Uri, string? Sha256);
