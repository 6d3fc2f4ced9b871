namespace Sluice.Artifacts;

/// <summary>A failure of the artifact store; the message names the location (bucket and key, or path).</summary>
public class ArtifactStoreException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The object does not exist.</summary>
public sealed class ArtifactNotFoundException(string uri, Exception? inner = null)
    : ArtifactStoreException($"artifact {uri} does not exist", inner)
{
    public string Uri { get; } = uri;
}

/// <summary>The object's content does not match the sha256 recorded when it was written.</summary>
public sealed class ArtifactIntegrityException(string uri, string expected, string actual)
    : ArtifactStoreException($"artifact {uri} is corrupt: its sha256 is {actual} but {expected} was recorded when it was written")
{
    public string Uri { get; } = uri;
}
