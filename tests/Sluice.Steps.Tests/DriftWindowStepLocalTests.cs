using System.Globalization;
using Sluice.Artifacts;
using Sluice.Core.Profiles;
using Sluice.Core.Results;

namespace Sluice.Steps.Tests;

/// <summary><c>sluice step drift</c> on a file:/// store (the local artifact store, with its .sha256 sidecars).</summary>
public sealed class DriftWindowStepLocalTests : DriftWindowStepContract
{
    private readonly List<string> _roots = [];

    protected override Task<IArtifactStore> NewStoreAsync()
    {
        var root = Directory.CreateTempSubdirectory("sluice-drift-logs-").FullName;
        _roots.Add(root);
        return Task.FromResult<IArtifactStore>(new LocalArtifactStore(root));
    }

    protected override IReadOnlyDictionary<string, string?> StoreVariables { get; } = new Dictionary<string, string?>(StringComparer.Ordinal);

    protected override async Task PutTruncatedAsync(IArtifactStore store, string key, byte[] content)
    {
        await store.PutAsync(key, new MemoryStream(content), CancellationToken.None);
        await File.WriteAllBytesAsync(new Uri(store.UriOf(key)).LocalPath, content[..(content.Length / 2)]);
    }

    [Fact]
    public async Task Results_fit_a_termination_message_with_300_features()
    {
        var store = await NewStoreAsync();
        var profile = Path.Combine(_roots[0], "wide-profile.json");
        await File.WriteAllTextAsync(profile, DataProfileJson.Serialize(WideProfile(300)));
        var lines = Enumerable.Range(0, 200).Select(r => "{\"ts\":\"2026-11-23T10:30:00.000Z\",\"model\":\"bc\",\"version\":\"v1\",\"features\":{" +
            string.Join(',', Enumerable.Range(0, 300).Select(j => string.Create(CultureInfo.InvariantCulture, $"\"f{j:D3}\":{(r * 7919 % 500) + j + (j % 3 == 0 ? 200 : 0)}"))) + "}}");
        await ServingLogFixture.PutAsync(store, lines, ServingLogFixture.Start.AddMinutes(30));

        var run = await RunAsync(store, o => o with { Baseline = profile, Ignore = [], ShareThreshold = "0.2" });

        Assert.True(System.Text.Encoding.UTF8.GetByteCount(run.ResultsText) <= StageResults.MaxBytes, $"{run.ResultsText.Length} bytes");
        Assert.Equal(300, (int)run.Results["features"]!);
        Assert.True((int)run.Results["omitted"]! > 0);
        Assert.Equal(300, run.Results["top"]!.AsArray().Count + (int)run.Results["omitted"]!);
        Assert.Equal("Drifted", (string)run.Results["verdict"]!);
        Assert.All(run.Results["top"]!.AsArray(), t => Assert.True((bool)t!["drifted"]!));
        Assert.NotNull(run.Results["artifacts"]?["report"]?["sha256"]);
    }

    protected override void Dispose(bool disposing)
    {
        foreach (var root in _roots)
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a temp directory.
            }
        }

        base.Dispose(disposing);
    }
}
