namespace Sluice.Artifacts;

/// <summary>Opens the store behind an artifact URI: <c>s3://bucket/prefix</c>, <c>file:///dir</c> or a plain path.</summary>
public static class ArtifactStoreFactory
{
    /// <summary>A store rooted at <paramref name="uri"/>: keys are relative to it.</summary>
    public static async Task<IArtifactStore> OpenRootAsync(string uri, S3Settings? settings, CancellationToken cancellationToken)
    {
        var location = ArtifactLocation.Parse(uri);
        if (!location.IsS3)
        {
            return new LocalArtifactStore(location.Path);
        }

        settings ??= S3Settings.FromEnvironment();
        var store = S3ArtifactStore.Create(settings, location.Bucket, location.Path);
        if (settings.CreateBucket)
        {
            await store.EnsureBucketAsync(cancellationToken);
        }

        return store;
    }

    /// <summary>The store holding the single object at <paramref name="uri"/> and that object's key in it.</summary>
    public static async Task<(IArtifactStore Store, string Key)> OpenObjectAsync(string uri, S3Settings? settings, CancellationToken cancellationToken)
    {
        var location = ArtifactLocation.Parse(uri);
        if (!location.IsS3)
        {
            return (new LocalArtifactStore(Path.GetDirectoryName(location.Path)!), Path.GetFileName(location.Path));
        }

        if (location.Path.Length == 0)
        {
            throw new ArgumentException($"artifact URI \"{uri}\" names a bucket but no object key", nameof(uri));
        }

        settings ??= S3Settings.FromEnvironment();
        var store = S3ArtifactStore.Create(settings, location.Bucket);
        if (settings.CreateBucket)
        {
            await store.EnsureBucketAsync(cancellationToken);
        }

        return (store, location.Path);
    }
}
