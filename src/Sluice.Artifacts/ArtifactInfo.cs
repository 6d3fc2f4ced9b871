namespace Sluice.Artifacts;

/// <summary>One stored object: its key relative to the store root, its URI, size and sha256 (lower-case hex).</summary>
public sealed record ArtifactInfo(string Key, string Uri, long Size, string Sha256, DateTimeOffset LastModified);
