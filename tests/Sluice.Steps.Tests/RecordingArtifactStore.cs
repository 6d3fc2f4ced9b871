using System.Collections.Concurrent;
using Sluice.Artifacts;

namespace Sluice.Steps.Tests;

/// <summary>A store that passes everything to another and records the prefixes it was asked to list.</summary>
internal sealed class RecordingArtifactStore(IArtifactStore inner) : IArtifactStore
{
    public ConcurrentQueue<string> Listed { get; } = new();

    public string RootUri => inner.RootUri;

    public string UriOf(string key) => inner.UriOf(key);

    public Task<ArtifactInfo> PutAsync(string key, Stream content, CancellationToken cancellationToken) => inner.PutAsync(key, content, cancellationToken);

    public Task<Stream> GetAsync(string key, CancellationToken cancellationToken) => inner.GetAsync(key, cancellationToken);

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken) => inner.ExistsAsync(key, cancellationToken);

    public Task<ArtifactInfo?> StatAsync(string key, CancellationToken cancellationToken) => inner.StatAsync(key, cancellationToken);

    public IAsyncEnumerable<ArtifactInfo> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        Listed.Enqueue(prefix);
        return inner.ListAsync(prefix, cancellationToken);
    }

    public IAsyncEnumerable<string> ListKeysAsync(string prefix, CancellationToken cancellationToken)
    {
        Listed.Enqueue(prefix);
        return inner.ListKeysAsync(prefix, cancellationToken);
    }
}
