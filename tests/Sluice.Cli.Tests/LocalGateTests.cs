using System.Globalization;
using System.Text.Json.Nodes;
using Sluice.Cli.Commands;
using Sluice.Testing.ApiServer;

namespace Sluice.Cli.Tests;

/// <summary>
/// <c>sluice run</c> applies the operator's gate against its local registry: a first model registers, an identical
/// retrain is refused with the same message the operator writes, and <c>--baseline</c> names the model to beat.
/// </summary>
public sealed class LocalGateTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-gate-").FullName;

    private static string Example => Path.Combine(RepositoryRoot.Path, "examples", "breast-cancer", "pipeline.yaml");

    private async Task<(int Code, string Out, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var code = await new RunCommand().RunAsync([Example, "--artifacts", Path.Combine(_dir, "artifacts"), "--plain", .. args],
            new CommandContext(output, error, TimeProvider.System, RepositoryRoot.Path), deadline.Token);
        return (code, output.ToString(), error.ToString());
    }

    private string Registry(string version) => Path.Combine(_dir, "artifacts", "registry", "default", "breast-cancer", version + ".json");

    [Fact]
    public async Task A_first_model_registers_and_an_identical_retrain_is_refused_with_both_values()
    {
        var (code, output, error) = await RunAsync("--run-name", "r1");

        Assert.True(code == 0, output + error);
        Assert.Contains("gate: RubberStamped (no serving model): no serving model to compare with: accepted on its absolute bounds alone (2 rules passed; its change thresholds were skipped)", output, StringComparison.Ordinal);
        Assert.Contains("registered ModelVersion breast-cancer-v1 (model breast-cancer, version v1): file://", output, StringComparison.Ordinal);
        var v1 = JsonNode.Parse(await File.ReadAllTextAsync(Registry("v1")))!;
        Assert.Equal("ModelVersion", v1["kind"]!.GetValue<string>());
        var model = new Uri(v1["spec"]!["source"]!["uri"]!.GetValue<string>()).LocalPath;
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(model))), v1["spec"]!["source"]!["sha256"]!.GetValue<string>());
        var auc = v1["spec"]!["metrics"]!["roc_auc"]!.GetValue<string>();

        (code, output, error) = await RunAsync("--run-name", "r2");

        Assert.True(code == 0, output + error);
        Assert.Contains($"gate: Refused (GateRefused, baseline breast-cancer-v1): roc_auc {auc} vs serving breast-cancer-v1 {auc}: diff 0.000000 < minImprovement 0.002", output, StringComparison.Ordinal);
        Assert.Matches($@"roc_auc\s+HigherIsBetter\s+{auc.Replace(".", "\\.", StringComparison.Ordinal)}\s+{auc.Replace(".", "\\.", StringComparison.Ordinal)}\s+0\.000000\s+min 0\.95, minImprovement 0\.002\s+failed: minImprovement", output);
        Assert.Contains("the model was not registered", output, StringComparison.Ordinal);
        Assert.False(File.Exists(Registry("v2")));
    }

    [Fact]
    public async Task A_baseline_given_by_option_is_the_model_to_beat()
    {
        // A model trained on data whose first ten features are negated ranks the real rows badly.
        var original = await File.ReadAllLinesAsync(Path.Combine(RepositoryRoot.Path, "examples", "breast-cancer", "breast_cancer.csv"));
        var shifted = Path.Combine(_dir, "shifted.csv");
        await File.WriteAllLinesAsync(shifted, original.Select((line, row) => row == 0 ? line : string.Join(',', line.Split(',').Select((cell, i) =>
            i < 10 ? (-double.Parse(cell, CultureInfo.InvariantCulture)).ToString("R", CultureInfo.InvariantCulture) : cell))));
        var (code, output, error) = await RunAsync("--run-name", "shifted", "--param", $"dataset={shifted}");
        Assert.True(code == 0, output + error);
        var weak = new Uri(JsonNode.Parse(await File.ReadAllTextAsync(Registry("v1")))!["spec"]!["source"]!["uri"]!.GetValue<string>()).LocalPath;

        (code, output, error) = await RunAsync("--run-name", "real", "--baseline", weak);

        Assert.True(code == 0, output + error);
        Assert.Contains($"gate: Blessed (GatePassed, baseline {weak}): 2 rules passed against serving {weak}", output, StringComparison.Ordinal);
        Assert.Contains("registered ModelVersion breast-cancer-v2", output, StringComparison.Ordinal);
        Assert.Null(JsonNode.Parse(await File.ReadAllTextAsync(Registry("v2")))!["spec"]!["lineage"]!["previousVersion"]);
    }

    [Fact]
    public async Task A_missing_baseline_file_is_a_usage_error_naming_the_option()
    {
        var e = await Assert.ThrowsAsync<UsageException>(() => RunAsync("--baseline", "no-such-model.onnx"));

        Assert.Equal("option --baseline: model file no-such-model.onnx does not exist", e.Message);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
