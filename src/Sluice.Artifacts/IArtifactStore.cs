namespace Sluice.Artifacts;

/// <summary>
/// Where artifacts live: a local directory or an S3 bucket (with a prefix). Keys are relative, '/'-separated
/// paths under the store's root. Every object carries its sha256, verified on read, and is published
/// atomically: a reader sees the whole object or nothing.
/// </summary>
public interface IArtifactStore
{
    /// <summary>The URI of the store's root (<c>s3://bucket/prefix</c> or <c>file:///dir</c>).</summary>
    string RootUri { get; }

    /// <summary>The URI of one key under this store.</summary>
    string UriOf(string key);

    /// <summary>Streams <paramref name="content"/> to <paramref name="key"/>, hashing as it goes, then publishes it.</summary>
    Task<ArtifactInfo> PutAsync(string key, Stream content, CancellationToken cancellationToken);

    /// <summary>
    /// Opens the object for reading after its content was checked against its recorded sha256.
    /// Throws <see cref="ArtifactNotFoundException"/> when it is missing and <see cref="ArtifactIntegrityException"/>
    /// when its content does not match.
    /// </summary>
    Task<Stream> GetAsync(string key, CancellationToken cancellationToken);

    Task<bool> ExistsAsync(string key, CancellationToken cancellationToken);

    /// <summary>Size, sha256 and time of one object, or null when it does not exist.</summary>
    Task<ArtifactInfo?> StatAsync(string key, CancellationToken cancellationToken);

    /// <summary>Every object whose key starts with <paramref name="prefix"/>, ordered by key.</summary>
    IAsyncEnumerable<ArtifactInfo> ListAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>
    /// The keys of every object whose key starts with <paramref name="prefix"/>, ordered by key: a listing only, with
    /// no request per object (<see cref="ListAsync"/> reads each object's sha256), for a reader that verifies what it
    /// reads with <see cref="GetAsync"/> anyway and may skip most keys by their names.
    /// </summary>
    IAsyncEnumerable<string> ListKeysAsync(string prefix, CancellationToken cancellationToken);
}
