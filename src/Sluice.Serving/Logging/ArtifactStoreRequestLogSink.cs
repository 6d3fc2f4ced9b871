using Sluice.Artifacts;

namespace Sluice.Serving.Logging;

/// <summary>
/// Writes request-log files into the artifact store (S3 or a local directory), so each file carries its sha256
/// and is published atomically like every other artifact; the drift monitor reads them from there. The caller owns the store.
/// </summary>
public sealed class ArtifactStoreRequestLogSink(IArtifactStore store) : IRequestLogSink
{
    /// <summary>Where the files go, e.g. s3://bucket/prefix; keys start with serving-logs/ under it.</summary>
    public string RootUri => store.RootUri;

    public async Task WriteAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(content.ToArray(), writable: false);
        await store.PutAsync(key, stream, cancellationToken).ConfigureAwait(false);
    }
}
