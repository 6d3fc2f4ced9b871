using System.Runtime.CompilerServices;

namespace Sluice.Artifacts;

/// <summary>
/// Artifacts in a local directory (the embedded store of <c>sluice run</c>). Each object has a
/// <c>NAME.sha256</c> sidecar in <c>sha256sum</c> format. Writes go to a hidden temp file in the same directory and
/// are renamed into place, so a killed writer leaves no partial file under the final name.
/// </summary>
public sealed class LocalArtifactStore : IArtifactStore
{
    private readonly string _root;

    public LocalArtifactStore(string rootDirectory)
    {
        _root = Path.GetFullPath(rootDirectory);
    }

    public string RootUri => new Uri(_root.EndsWith('/') ? _root : _root + "/").AbsoluteUri.TrimEnd('/');

    public string UriOf(string key) => new Uri(PathOf(ArtifactKeys.Normalize(key))).AbsoluteUri;

    public async Task<ArtifactInfo> PutAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        key = ArtifactKeys.Normalize(key);
        var path = PathOf(key);
        var directory = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            string sha;
            long length;
            await using (var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                (sha, length) = await HashingCopy.CopyAsync(content, output, cancellationToken);
                await output.FlushAsync(cancellationToken);
                output.Flush(flushToDisk: true);
            }

            // The sidecar goes first: a reader that sees the object always finds its checksum. A stale sidecar from an
            // earlier version is replaced atomically too.
            var sidecarTemp = temp + ArtifactKeys.Sha256Suffix;
            await File.WriteAllTextAsync(sidecarTemp, $"{sha}  {Path.GetFileName(path)}\n", cancellationToken);
            File.Move(sidecarTemp, path + ArtifactKeys.Sha256Suffix, overwrite: true);
            File.Move(temp, path, overwrite: true);
            return new ArtifactInfo(key, UriOf(key), length, sha, File.GetLastWriteTimeUtc(path));
        }
        catch (Exception e) when (e is not OperationCanceledException and not ArtifactStoreException)
        {
            throw new ArtifactStoreException($"cannot write artifact {path}: {e.Message}", e);
        }
        finally
        {
            File.Delete(temp);
            File.Delete(temp + ArtifactKeys.Sha256Suffix);
        }
    }

    public async Task<Stream> GetAsync(string key, CancellationToken cancellationToken)
    {
        key = ArtifactKeys.Normalize(key);
        var path = PathOf(key);
        var expected = await ReadSidecarAsync(path, cancellationToken) ?? throw new ArtifactNotFoundException(UriOf(key));
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (FileNotFoundException e)
        {
            throw new ArtifactNotFoundException(UriOf(key), e);
        }

        // The open handle keeps reading the same inode even if a writer renames a new version into place meanwhile.
        var (actual, _) = await HashingCopy.CopyAsync(stream, null, cancellationToken);
        if (actual != expected)
        {
            await stream.DisposeAsync();
            throw new ArtifactIntegrityException(UriOf(key), expected, actual);
        }

        stream.Position = 0;
        return stream;
    }

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken) =>
        Task.FromResult(File.Exists(PathOf(ArtifactKeys.Normalize(key))));

    public async Task<ArtifactInfo?> StatAsync(string key, CancellationToken cancellationToken)
    {
        key = ArtifactKeys.Normalize(key);
        var path = PathOf(key);
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            return null;
        }

        var sha = await ReadSidecarAsync(path, cancellationToken) ?? await HashingCopy.HashFileAsync(path, cancellationToken);
        return new ArtifactInfo(key, UriOf(key), file.Length, sha, file.LastWriteTimeUtc);
    }

    public async IAsyncEnumerable<ArtifactInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var key in ListKeysAsync(prefix, cancellationToken))
        {
            var info = await StatAsync(key, cancellationToken);
            if (info is not null)
            {
                yield return info;
            }
        }
    }

    public IAsyncEnumerable<string> ListKeysAsync(string prefix, CancellationToken cancellationToken)
    {
        // Only the directory the prefix names (or the one it ends in) is walked, not the whole store.
        var trimmed = prefix.TrimStart('/');
        var directory = PathOf(trimmed.EndsWith('/') ? trimmed.TrimEnd('/') : trimmed[..(trimmed.LastIndexOf('/') + 1)].TrimEnd('/'));
        var keys = !Directory.Exists(directory)
            ? []
            : Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
                .Select(p => Path.GetRelativePath(_root, p).Replace('\\', '/'))
                .Where(k => !k.EndsWith(ArtifactKeys.Sha256Suffix, StringComparison.Ordinal) && !Path.GetFileName(k).StartsWith('.'))
                .Where(k => k.StartsWith(trimmed, StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .ToList();
        return keys.ToAsyncEnumerable();
    }

    private string PathOf(string key) => Path.Combine(_root, key.Replace('/', Path.DirectorySeparatorChar));

    private static async Task<string?> ReadSidecarAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var text = await File.ReadAllTextAsync(path + ArtifactKeys.Sha256Suffix, cancellationToken);
            var hex = text.Split(' ', 2)[0].Trim();
            return hex.Length == 64 ? hex.ToLowerInvariant() : throw new ArtifactStoreException($"checksum file {path}{ArtifactKeys.Sha256Suffix} is malformed");
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return File.Exists(path) ? await HashingCopy.HashFileAsync(path, cancellationToken) : null;
        }
    }
}
