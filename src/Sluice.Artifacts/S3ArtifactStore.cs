using System.Runtime.CompilerServices;
using Minio;
using Minio.DataModel.Args;
using Minio.Exceptions;

namespace Sluice.Artifacts;

/// <summary>
/// Artifacts in an S3 bucket under a key prefix, through the Minio SDK. The sha256 is stored as user metadata
/// (<c>x-amz-meta-sha256</c>), never derived from ETags (multipart ETags are not content hashes). An upload is first
/// streamed to a local temp file while hashing, then sent in one PutObject: S3 publishes an object only when its
/// upload completes, so a reader never sees half an artifact. Reads stream the whole object (Minio 7.0.0 range reads
/// are broken) into a temp file, verify it, and hand that file out.
/// </summary>
public sealed class S3ArtifactStore : IArtifactStore, IDisposable
{
    private const string ShaMetadata = "sha256";
    private readonly IMinioClient _client;
    private readonly string _bucket;
    private readonly string _prefix;
    private readonly TransientRetry _retry;

    internal S3ArtifactStore(IMinioClient client, string bucket, string prefix = "", TransientRetry? retry = null)
    {
        _client = client;
        _bucket = bucket;
        _prefix = prefix.Trim('/');
        _retry = retry ?? TransientRetry.Default;
    }

    public static S3ArtifactStore Create(S3Settings settings, string bucket, string prefix = "")
    {
        var client = new MinioClient();
        if (!string.IsNullOrEmpty(settings.Endpoint))
        {
            var endpoint = new Uri(settings.Endpoint.Contains("://", StringComparison.Ordinal) ? settings.Endpoint : "http://" + settings.Endpoint);
            client = (MinioClient)client.WithEndpoint(endpoint.Host, endpoint.Port).WithSSL(endpoint.Scheme == Uri.UriSchemeHttps);
        }
        else
        {
            client = (MinioClient)client.WithEndpoint("s3.amazonaws.com").WithSSL(true);
        }

        if (!string.IsNullOrEmpty(settings.AccessKey))
        {
            client = (MinioClient)client.WithCredentials(settings.AccessKey, settings.SecretKey ?? "");
        }

        if (!string.IsNullOrEmpty(settings.Region))
        {
            client = (MinioClient)client.WithRegion(settings.Region);
        }

        return new S3ArtifactStore(client.Build(), bucket, prefix);
    }

    public string RootUri => _prefix.Length == 0 ? $"s3://{_bucket}" : $"s3://{_bucket}/{_prefix}";

    public string UriOf(string key) => $"s3://{_bucket}/{ObjectName(ArtifactKeys.Normalize(key))}";

    /// <summary>Creates the bucket when it does not exist yet.</summary>
    public async Task EnsureBucketAsync(CancellationToken cancellationToken)
    {
        await Wrap("create bucket", "", async ct =>
        {
            if (!await _client.BucketExistsAsync(new BucketExistsArgs().WithBucket(_bucket), ct))
            {
                await _client.MakeBucketAsync(new MakeBucketArgs().WithBucket(_bucket), ct);
            }

            return true;
        }, cancellationToken);
    }

    public async Task<ArtifactInfo> PutAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        key = ArtifactKeys.Normalize(key);
        var name = ObjectName(key);
        await using var temp = HashingCopy.CreateTempFile();
        var (sha, length) = await HashingCopy.CopyAsync(content, temp, cancellationToken);
        await Wrap("write", name, async ct =>
        {
            temp.Position = 0;
            var args = new PutObjectArgs().WithBucket(_bucket).WithObject(name)
                .WithStreamData(temp).WithObjectSize(length).WithContentType("application/octet-stream")
                .WithHeaders(new Dictionary<string, string>(StringComparer.Ordinal) { ["x-amz-meta-" + ShaMetadata] = sha });
            await _client.PutObjectAsync(args, ct);
            return true;
        }, cancellationToken);
        return new ArtifactInfo(key, UriOf(key), length, sha, DateTimeOffset.UtcNow);
    }

    private const long InMemoryBytes = 16L << 20;

    public async Task<Stream> GetAsync(string key, CancellationToken cancellationToken)
    {
        key = ArtifactKeys.Normalize(key);
        var name = ObjectName(key);
        var info = await StatAsync(key, cancellationToken) ?? throw new ArtifactNotFoundException(UriOf(key));
        // A small object (a request-log file, a profile, metrics) is verified in memory; a large one (a model, a data
        // set) in a temporary file, so memory never holds more than InMemoryBytes of one object.
        Stream temp = info.Size <= InMemoryBytes ? new MemoryStream((int)info.Size) : HashingCopy.CreateTempFile();
        try
        {
            var actual = await Wrap("read", name, async ct =>
            {
                temp.SetLength(0);
                string? sha = null;
                var args = new GetObjectArgs().WithBucket(_bucket).WithObject(name)
                    .WithCallbackStream(async (stream, innerCt) => sha = (await HashingCopy.CopyAsync(stream, temp, innerCt)).Sha256);
                await _client.GetObjectAsync(args, ct);
                return sha ?? throw new ArtifactStoreException($"reading s3://{_bucket}/{name} returned no content");
            }, cancellationToken);
            if (actual != info.Sha256)
            {
                throw new ArtifactIntegrityException(UriOf(key), info.Sha256, actual);
            }

            temp.Position = 0;
            return temp;
        }
        catch
        {
            await temp.DisposeAsync();
            throw;
        }
    }

    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken) =>
        await StatAsync(key, cancellationToken) is not null;

    public async Task<ArtifactInfo?> StatAsync(string key, CancellationToken cancellationToken)
    {
        key = ArtifactKeys.Normalize(key);
        var name = ObjectName(key);
        return await Wrap("stat", name, async ct =>
        {
            try
            {
                var stat = await _client.StatObjectAsync(new StatObjectArgs().WithBucket(_bucket).WithObject(name), ct);
                var sha = stat.MetaData
                    .Where(kv => kv.Key.Equals(ShaMetadata, StringComparison.OrdinalIgnoreCase) || kv.Key.Equals("x-amz-meta-" + ShaMetadata, StringComparison.OrdinalIgnoreCase))
                    .Select(kv => kv.Value.ToLowerInvariant())
                    .FirstOrDefault()
                    ?? throw new ArtifactStoreException($"object s3://{_bucket}/{name} has no sha256 metadata; it was not written by Sluice, write it again with the artifact store");
                return new ArtifactInfo(key, UriOf(key), stat.Size, sha, new DateTimeOffset(DateTime.SpecifyKind(stat.LastModified, DateTimeKind.Utc)));
            }
            catch (ObjectNotFoundException)
            {
                return null;
            }
        }, cancellationToken);
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

    public async IAsyncEnumerable<string> ListKeysAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var fullPrefix = _prefix.Length == 0 ? prefix.TrimStart('/') : $"{_prefix}/{prefix.TrimStart('/')}";
        var names = await Wrap("list", fullPrefix, async ct =>
        {
            var result = new List<string>();
            var args = new ListObjectsArgs().WithBucket(_bucket).WithPrefix(fullPrefix).WithRecursive(true);
            await foreach (var item in _client.ListObjectsEnumAsync(args, ct))
            {
                if (!item.IsDir)
                {
                    result.Add(item.Key);
                }
            }

            return result;
        }, cancellationToken);
        foreach (var name in names.Order(StringComparer.Ordinal))
        {
            var key = _prefix.Length == 0 ? name : name[(_prefix.Length + 1)..];
            if (!key.EndsWith(ArtifactKeys.Sha256Suffix, StringComparison.Ordinal))
            {
                yield return key;
            }
        }
    }

    public void Dispose() => (_client as IDisposable)?.Dispose();

    private string ObjectName(string key) => _prefix.Length == 0 ? key : $"{_prefix}/{key}";

    private async Task<T> Wrap<T>(string action, string name, Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        try
        {
            return await _retry.RunAsync(operation, cancellationToken);
        }
        catch (BucketNotFoundException e)
        {
            throw new ArtifactStoreException($"cannot {action} s3://{_bucket}/{name}: bucket \"{_bucket}\" does not exist (create it, or let Sluice create it on request)", e);
        }
        catch (Exception e) when (e is MinioException or HttpRequestException or IOException)
        {
            throw new ArtifactStoreException($"cannot {action} s3://{_bucket}/{name} (bucket \"{_bucket}\", key \"{name}\"): {e.Message}", e);
        }
    }
}
