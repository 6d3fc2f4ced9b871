using Sluice.Artifacts;

namespace Sluice.Serving.Models;

/// <summary>
/// s3:// models (and their profiles) through the artifact store, which verifies the sha256 recorded when the object
/// was published. Messages leave the option out: the loader names it (--model or --profile) with the URI.
/// A missing or corrupt object is a <see cref="ModelLoadException"/> (not retried); network failures are retried by the loader.
/// </summary>
public sealed class ArtifactModelSource(S3Settings settings) : IModelSource
{
    public bool CanOpen(string uri) => uri.StartsWith("s3://", StringComparison.OrdinalIgnoreCase);

    public async Task<Stream> OpenAsync(string uri, CancellationToken cancellationToken)
    {
        IArtifactStore store;
        string key;
        try
        {
            (store, key) = await ArtifactStoreFactory.OpenObjectAsync(uri, settings with { CreateBucket = false }, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException ex)
        {
            throw new ModelLoadException($"{ex.Message} (write s3://bucket/path/to/object)", ex);
        }
        catch (Minio.Exceptions.MinioException ex)
        {
            // Raised while building the client, e.g. without credentials: retrying cannot help.
            throw new ModelLoadException($"cannot reach S3 for {uri}: {ex.Message} (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, and SLUICE_S3_ENDPOINT or --s3-endpoint)", ex);
        }

        try
        {
            await using var stream = await store.GetAsync(key, cancellationToken).ConfigureAwait(false);
            var copy = new MemoryStream();
            await stream.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
            copy.Position = 0;
            return copy;
        }
        catch (ArtifactNotFoundException ex)
        {
            throw new ModelLoadException($"{uri} does not exist; check the bucket and key (and SLUICE_S3_ENDPOINT)", ex);
        }
        catch (ArtifactIntegrityException ex)
        {
            throw new ModelLoadException($"{ex.Message}; publish it again", ex);
        }
        catch (ArtifactStoreException ex) when (ex.Message.Contains("no sha256 metadata", StringComparison.Ordinal)
            || ex.Message.Contains("does not exist", StringComparison.Ordinal))
        {
            // Neither a foreign object nor a missing bucket gets better by retrying.
            throw new ModelLoadException(ex.Message, ex);
        }
        finally
        {
            (store as IDisposable)?.Dispose();
        }
    }
}
