using Sluice.Artifacts;
using Sluice.Artifacts.Tests;

namespace Sluice.Serving.Tests;

/// <summary>One real s3rver for a test class, stopped at the end.</summary>
public sealed class S3rverFixture : IDisposable
{
    public S3rverProcess Server { get; } = S3rverProcess.Start();

    /// <summary>A store on a fresh bucket (created), rooted at <paramref name="prefix"/>.</summary>
    public async Task<(IArtifactStore Store, string Bucket)> NewBucketAsync(string prefix = "")
    {
        var bucket = "serve-" + Guid.NewGuid().ToString("N")[..12];
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var store = await ArtifactStoreFactory.OpenRootAsync($"s3://{bucket}/{prefix}", Server.Settings(), cts.Token);
        return (store, bucket);
    }

    public void Dispose() => Server.Dispose();
}
