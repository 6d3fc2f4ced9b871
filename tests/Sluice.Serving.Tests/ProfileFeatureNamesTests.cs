using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Sluice.Core.Profiles;
using Sluice.Operator.Tests.Controllers;
using Sluice.Serving.Models;

namespace Sluice.Serving.Tests;

/// <summary>
/// Where a model's feature names come from (docs/serving-logs.md): --feature-names, the names the model records,
/// the training profile's features less its target when they fit a row, else none (INPUT_INDEX); real models.
/// </summary>
public sealed class ProfileFeatureNamesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-profile-names-").FullName;
    private readonly CapturedLogs _logs = new();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static IReadOnlyList<string> ModelInputNames() =>
        [.. JsonNode.Parse(File.ReadAllText(RunningServer.ModelPath("models.json")))!["breast_cancer_mlp_v1.onnx"]!["feature_order"]!.AsArray().Select(n => n!.GetValue<string>())];

    private async Task<LoadedModel> LoadAsync(ModelSpec spec)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return await new ModelLoader([new FileModelSource()], new Logger<ModelLoader>(_logs), TimeSpan.FromSeconds(30), 0).LoadAsync(spec, cts.Token);
    }

    private static ModelSpec BreastCancer(string profile) => new("bc", RunningServer.ModelPath("breast_cancer_mlp_v1.onnx")) { Profile = profile };

    [Fact]
    public async Task A_model_exported_without_names_takes_the_profiles_features_less_the_target_in_order()
    {
        using var model = await LoadAsync(BreastCancer(TrainingProfiles.WriteWithTarget(_dir)));

        Assert.Equal(30, model.RowWidth);
        Assert.Equal(ModelInputNames(), model.FeatureNames);
        Assert.DoesNotContain(_logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Feature_names_given_come_before_the_profile()
    {
        string[] given = [.. Enumerable.Range(0, 30).Select(i => $"f{i}")];

        using var model = await LoadAsync(BreastCancer(new Uri(TrainingProfiles.WriteWithTarget(_dir)).AbsoluteUri) with { FeatureNames = given });

        Assert.Equal(given, model.FeatureNames);
    }

    [Fact]
    public async Task Names_the_model_records_come_before_the_profile()
    {
        var path = Path.Combine(_dir, "zipmap.onnx");
        await File.WriteAllBytesAsync(path, ZipMapModel.Build());
        var profile = Path.Combine(_dir, "abc.json");
        await File.WriteAllTextAsync(profile, DataProfileJson.Serialize(new DataProfile
        {
            Features = [.. new[] { "a", "b", "c" }.Select(n => new FeatureProfile { Name = n, Kind = FeatureKind.Numeric })],
        }));

        using var model = await LoadAsync(new ModelSpec("sk", path) { Profile = profile });

        Assert.Equal(["sepal_length", "sepal_width", "petal_length"], model.FeatureNames);
    }

    [Fact]
    public async Task A_profile_naming_another_count_of_values_is_left_out_with_a_warning_giving_both_counts()
    {
        // The committed profile records no target, so its label column is a 31st feature of a 30-value row.
        using var model = await LoadAsync(BreastCancer(TrainingProfiles.WithoutTarget));

        Assert.Null(model.FeatureNames);
        var warning = Assert.Single(_logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal));
        Assert.Contains($"--profile {TrainingProfiles.WithoutTarget} names 31 features and records no target", warning, StringComparison.Ordinal);
        Assert.Contains("but a row of the model has 30 values; request logs name the values INPUT_INDEX", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_profile_that_cannot_be_read_or_parsed_fails_the_load_naming_the_option_and_uri()
    {
        var missing = await Assert.ThrowsAsync<ModelLoadException>(() => LoadAsync(BreastCancer("file:///nonexistent/profile.json")));
        var notProfile = RunningServer.ModelPath("models.json");
        var wrong = await Assert.ThrowsAsync<ModelLoadException>(() => LoadAsync(BreastCancer(notProfile)));

        Assert.Equal("model bc: --profile file:///nonexistent/profile.json: file /nonexistent/profile.json does not exist", missing.Message);
        Assert.StartsWith($"model bc: --profile {notProfile}: ", wrong.Message, StringComparison.Ordinal);
        Assert.Contains("apiVersion", wrong.Message, StringComparison.Ordinal);
    }
}
