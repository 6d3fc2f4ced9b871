using Minio;
using Minio.DataModel.Args;

namespace Sluice.Artifacts.Tests;

public sealed class S3rverFixture : IDisposable
{
    public S3rverProcess Server { get; } = S3rverProcess.Start();

    public void Dispose() => Server.Dispose();
}

public sealed class S3ArtifactStoreTests : ArtifactStoreContract, IClassFixture<S3rverFixture>
{
    private readonly S3rverFixture _fixture;
    private readonly string _bucket = "test-" + Guid.NewGuid().ToString("N")[..12];

    public S3ArtifactStoreTests(S3rverFixture fixture)
    {
        _fixture = fixture;
        var store = (S3ArtifactStore)ArtifactStoreFactory.OpenRootAsync($"s3://{_bucket}/prefix/x", fixture.Server.Settings(), CancellationToken.None).GetAwaiter().GetResult();
        Store = store;
    }

    protected override IArtifactStore Store { get; }

    protected override async Task CorruptAsync(string key)
    {
        // A raw PUT with a wrong sha256 stands in for bit rot or a foreign writer: the bytes change, the record does not.
        var stat = await Store.StatAsync(key, CancellationToken.None);
        using var client = new MinioClient().WithEndpoint("127.0.0.1", _fixture.Server.Port).WithCredentials("S3RVER", "S3RVER").Build();
        var bytes = "tampered"u8.ToArray();
        await client.PutObjectAsync(new PutObjectArgs().WithBucket(_bucket).WithObject("prefix/x/" + key)
            .WithStreamData(new MemoryStream(bytes)).WithObjectSize(bytes.Length)
            .WithHeaders(new Dictionary<string, string> { ["x-amz-meta-sha256"] = stat!.Sha256 }));
    }

    [Fact]
    public async Task Uris_name_bucket_and_full_key()
    {
        var info = await Store.PutAsync("u/v.txt", new MemoryStream([1, 2]), CancellationToken.None);
        Assert.Equal($"s3://{_bucket}/prefix/x/u/v.txt", info.Uri);

        var (store, key) = await ArtifactStoreFactory.OpenObjectAsync(info.Uri, _fixture.Server.Settings(), CancellationToken.None);
        await using var read = await store.GetAsync(key, CancellationToken.None);
        Assert.Equal(2, read.Length);
    }

    [Fact]
    public async Task A_missing_bucket_is_an_error_naming_it_unless_creation_is_requested()
    {
        var missing = "nobucket-" + Guid.NewGuid().ToString("N")[..8];
        var store = await ArtifactStoreFactory.OpenRootAsync($"s3://{missing}", _fixture.Server.Settings(createBucket: false), CancellationToken.None);
        var e = await Assert.ThrowsAsync<ArtifactStoreException>(() => store.PutAsync("k", new MemoryStream([1]), CancellationToken.None));
        Assert.Contains(missing, e.Message, StringComparison.Ordinal);
    }
}
