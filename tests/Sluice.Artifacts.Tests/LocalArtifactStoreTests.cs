namespace Sluice.Artifacts.Tests;

public sealed class LocalArtifactStoreTests : ArtifactStoreContract, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("sluice-local-store-").FullName;

    public LocalArtifactStoreTests()
    {
        Store = new LocalArtifactStore(_root);
    }

    protected override IArtifactStore Store { get; }

    protected override Task CorruptAsync(string key) =>
        File.WriteAllTextAsync(Path.Combine(_root, key), "tampered");

    [Fact]
    public async Task Objects_have_a_sha256sum_compatible_sidecar()
    {
        await Store.PutAsync("side/data.csv", new MemoryStream("x"u8.ToArray()), CancellationToken.None);
        var sidecar = await File.ReadAllTextAsync(Path.Combine(_root, "side", "data.csv.sha256"));
        Assert.Equal("2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881  data.csv\n", sidecar);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
