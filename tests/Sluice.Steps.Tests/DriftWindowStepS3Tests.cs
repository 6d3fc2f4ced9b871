using Minio;
using Minio.DataModel.Args;
using Sluice.Artifacts;
using Sluice.Artifacts.Tests;

namespace Sluice.Steps.Tests;

/// <summary>One real s3rver for the S3 drift-window tests, stopped at the end.</summary>
public sealed class DriftWindowS3Fixture : IDisposable
{
    public S3rverProcess Server { get; } = S3rverProcess.Start();

    public void Dispose() => Server.Dispose();
}

/// <summary><c>sluice step drift</c> against S3 (s3rver): logs, report and credentials as in a DriftMonitor's Job.</summary>
public sealed class DriftWindowStepS3Tests(DriftWindowS3Fixture s3) : DriftWindowStepContract, IClassFixture<DriftWindowS3Fixture>
{
    private const string Bucket = "drift-step";

    protected override async Task<IArtifactStore> NewStoreAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await ArtifactStoreFactory.OpenRootAsync($"s3://{Bucket}/{Guid.NewGuid():N}", s3.Server.Settings(), cts.Token);
    }

    protected override IReadOnlyDictionary<string, string?> StoreVariables => new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["SLUICE_S3_ENDPOINT"] = s3.Server.Endpoint,
        ["AWS_ACCESS_KEY_ID"] = "S3RVER",
        ["AWS_SECRET_ACCESS_KEY"] = "S3RVER",
    };

    // Written past the artifact store, with the sha256 of the whole content but only half of it: what a store-level
    // check must catch.
    protected override async Task PutTruncatedAsync(IArtifactStore store, string key, byte[] content)
    {
        var prefix = store.RootUri[$"s3://{Bucket}/".Length..];
        using var client = new MinioClient().WithEndpoint("127.0.0.1", s3.Server.Port).WithCredentials("S3RVER", "S3RVER").WithSSL(false).Build();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var half = new MemoryStream(content[..(content.Length / 2)]);
        await client.PutObjectAsync(new PutObjectArgs().WithBucket(Bucket).WithObject($"{prefix}/{key}").WithStreamData(half).WithObjectSize(half.Length)
            .WithHeaders(new Dictionary<string, string>(StringComparer.Ordinal) { ["x-amz-meta-sha256"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)) }),
            cts.Token);
    }
}
