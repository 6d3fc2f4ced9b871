using System.Text.Json.Nodes;
using Sluice.Steps.Evaluate;
using Sluice.Steps.Ingest;
using Sluice.Steps.Training;
using Sluice.Steps.Validate;

namespace Sluice.Steps.Tests;

public sealed class StepPipelineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-steps-").FullName;
    private readonly StringWriter _log = new();
    private readonly StageEnvironment _env = new(new Dictionary<string, string?>());

    private static CancellationToken Deadline() => new CancellationTokenSource(TimeSpan.FromSeconds(120)).Token;

    private string P(string name) => Path.Combine(_dir, name);

    [Theory]
    [InlineData("breast_cancer", 0.97)]
    [InlineData("iris", 0.9)]
    [InlineData("wine", 0.9)]
    public async Task Ingest_validate_train_evaluate_reach_the_expected_test_roc_auc(string dataset, double minAuc)
    {
        await IngestStep.RunAsync(new IngestOptions(TestData.Dataset(dataset), P("train.csv"), P("val.csv"), P("test.csv"), "target", true), _env, _log, Deadline());
        await ValidateStep.RunAsync(new ValidateOptions(P("train.csv"), null, P("schema.json"), P("profile.json"), null, false), _env, _log, Deadline());
        await ValidateStep.RunAsync(new ValidateOptions(P("test.csv"), P("schema.json"), null, P("test-profile.json"), null, false), _env, _log, Deadline());
        await TrainStep.RunAsync(new TrainOptions(P("train.csv"), P("model.onnx"), "target", null), _env, _log, Deadline());
        await EvaluateStep.RunAsync(new EvaluateOptions(P("model.onnx"), P("test.csv"), P("metrics.json"), "target", new Dictionary<string, double> { ["roc_auc"] = minAuc }), _env, _log, Deadline());

        var metrics = JsonNode.Parse(await File.ReadAllTextAsync(P("metrics.json")))!;
        Assert.True(metrics["roc_auc"]!.GetValue<double>() >= minAuc, _log.ToString());
        foreach (var key in new[] { "accuracy", "precision", "recall", "f1", "log_loss", "confusion_matrix" })
        {
            Assert.NotNull(metrics[key]);
        }

        var sidecar = JsonNode.Parse(await File.ReadAllTextAsync(P("train.csv.meta.json")))!;
        Assert.Equal(64, sidecar["sha256"]!.GetValue<string>().Length);
        Assert.True(sidecar["rows"]!.GetValue<int>() > 0);
        Assert.NotNull(sidecar["schema"]);
        var profile = JsonNode.Parse(await File.ReadAllTextAsync(P("profile.json")))!;
        Assert.Equal("sluice.dev/profile/v1", profile["apiVersion"]!.GetValue<string>());
        var baseline = Sluice.Core.Profiles.DataProfileJson.Deserialize(await File.ReadAllTextAsync(P("profile.json")));
        Assert.Equal((await File.ReadAllLinesAsync(P("train.csv")))[0].Split(',').Length, baseline.Features.Count);
    }

    [Fact]
    public async Task Evaluate_measures_the_serving_model_on_the_same_rows_and_leaves_both_as_results()
    {
        await IngestStep.RunAsync(new IngestOptions(TestData.Dataset("breast_cancer"), P("train.csv"), P("val.csv"), P("test.csv"), "target", true), _env, _log, Deadline());
        await TrainStep.RunAsync(new TrainOptions(P("train.csv"), P("model.onnx"), "target", null), _env, _log, Deadline());

        // A weaker serving model: trained on the validation split (a fifth of the rows).
        await TrainStep.RunAsync(new TrainOptions(P("val.csv"), P("serving.onnx"), "target", null), _env, _log, Deadline());
        var env = new StageEnvironment(new Dictionary<string, string?>
        {
            [EvaluateStep.BaselineVariable] = P("serving.onnx"),
            [Sluice.Core.Results.StageResults.TerminationMessageVariable] = P("termination-log"),
        });
        await EvaluateStep.RunAsync(new EvaluateOptions(P("model.onnx"), P("test.csv"), P("metrics.json"), "target", new Dictionary<string, double>()), env, _log, Deadline());
        await env.WriteResultsAsync(Deadline());

        var metrics = JsonNode.Parse(await File.ReadAllTextAsync(P("metrics.json")))!;
        Assert.Equal(metrics["rows"]!.GetValue<int>(), metrics["baseline"]!["rows"]!.GetValue<int>());
        Assert.Equal(P("serving.onnx"), metrics["baseline"]!["model"]!.GetValue<string>());
        var results = Sluice.Core.Results.StageResults.Parse(await File.ReadAllTextAsync(P("termination-log"))).Results!;
        var candidate = Sluice.Core.Results.StageResults.Numbers(results);
        var baseline = Sluice.Core.Results.StageResults.Numbers(results, "baseline");
        Assert.Equal(["accuracy", "f1", "log_loss", "precision", "recall", "roc_auc", "rows"], candidate.Keys.Order());
        Assert.Equal(candidate.Keys.Order(), baseline.Keys.Order());
        Assert.Equal(candidate["rows"], baseline["rows"]);
        Assert.NotEqual(candidate["log_loss"], baseline["log_loss"]);
        Assert.Contains("evaluate: baseline " + P("serving.onnx") + " on the same rows: ", _log.ToString(), StringComparison.Ordinal);

        // The metrics file's digest rides along, under its contract name, for the operator that reads no S3.
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(P("metrics.json"))));
        Assert.Equal(sha, Sluice.Core.Results.ArtifactDigests.Sha256(results, "metrics"));
        Assert.Equal(decimal.Round(candidate["roc_auc"], 6), candidate["roc_auc"]);
    }

    [Fact]
    public async Task Evaluate_without_a_baseline_leaves_the_candidates_metrics_only()
    {
        await IngestStep.RunAsync(new IngestOptions(TestData.Dataset("iris"), P("train.csv"), P("val.csv"), P("test.csv"), "target", true), _env, _log, Deadline());
        await TrainStep.RunAsync(new TrainOptions(P("train.csv"), P("model.onnx"), "target", null), _env, _log, Deadline());
        var env = new StageEnvironment(new Dictionary<string, string?>
        {
            [EvaluateStep.BaselineVariable] = "",
            [Sluice.Core.Results.StageResults.TerminationMessageVariable] = P("termination-log"),
        });

        await EvaluateStep.RunAsync(new EvaluateOptions(P("model.onnx"), P("test.csv"), P("metrics.json"), "target", new Dictionary<string, double>()), env, _log, Deadline());
        await env.WriteResultsAsync(Deadline());

        Assert.Null(JsonNode.Parse(await File.ReadAllTextAsync(P("metrics.json")))!["baseline"]);
        var results = Sluice.Core.Results.StageResults.Parse(await File.ReadAllTextAsync(P("termination-log"))).Results!;
        Assert.False(results.ContainsKey("baseline"));
        Assert.True(Sluice.Core.Results.StageResults.Numbers(results)["roc_auc"] > 0.9m);
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_split_and_stratification_keeps_class_shares()
    {
        var env = new StageEnvironment(new Dictionary<string, string?>
        {
            ["SLUICE_INPUT_SOURCE"] = TestData.Dataset("iris"),
            ["SLUICE_OUTPUT_TRAIN"] = P("a/train.csv"),
            ["SLUICE_OUTPUT_TEST"] = P("a/test.csv"),
        });
        await IngestStep.RunAsync(new IngestOptions(null, null, null, null, "target", true, 0.8, 0), env, _log, Deadline());
        await IngestStep.RunAsync(new IngestOptions(null, P("b/train.csv"), null, P("b/test.csv"), "target", true, 0.8, 0), env, _log, Deadline());

        Assert.Equal(await File.ReadAllTextAsync(P("a/train.csv")), await File.ReadAllTextAsync(P("b/train.csv")));
        var test = (await File.ReadAllLinesAsync(P("a/test.csv"))).Skip(1).ToList();
        Assert.Equal(30, test.Count);
        Assert.All(new[] { ",0", ",1", ",2" }, c => Assert.Equal(10, test.Count(l => l.EndsWith(c, StringComparison.Ordinal))));
    }

    [Fact]
    public async Task Validation_anomalies_fail_with_a_readable_report_unless_allowed()
    {
        await IngestStep.RunAsync(new IngestOptions(TestData.Dataset("iris"), P("train.csv"), null, P("test.csv"), null, false), _env, _log, Deadline());
        await ValidateStep.RunAsync(new ValidateOptions(P("train.csv"), null, P("schema.json"), P("profile.json"), null, false), _env, _log, Deadline());
        var lines = (await File.ReadAllLinesAsync(TestData.Dataset("iris"))).ToList();
        lines[3] = "5.0,abc,1.4,0.2,0";
        lines[0] = lines[0].Replace("petal_width_cm", "petal_w", StringComparison.Ordinal);
        await File.WriteAllLinesAsync(P("bad.csv"), lines);

        var e = await Assert.ThrowsAsync<StepException>(() => ValidateStep.RunAsync(new ValidateOptions(P("bad.csv"), P("schema.json"), null, P("p.json"), P("report.json"), false), _env, _log, Deadline()));
        Assert.Contains("anomalies", e.Message, StringComparison.Ordinal);
        var log = _log.ToString();
        Assert.Contains("column \"sepal_width_cm\" is numeric but 1 values are not numbers: row 3 \"abc\"", log, StringComparison.Ordinal);
        Assert.Contains("column \"petal_width_cm\" is missing", log, StringComparison.Ordinal);
        Assert.Contains("column \"petal_w\" is not in the schema", log, StringComparison.Ordinal);
        Assert.Equal(0, await ValidateStep.RunAsync(new ValidateOptions(P("bad.csv"), P("schema.json"), null, P("p.json"), null, true), _env, _log, Deadline()));
    }

    [Fact]
    public async Task Validate_records_the_target_in_schema_and_profile_and_a_checked_schema_passes_it_on()
    {
        await IngestStep.RunAsync(new IngestOptions(TestData.Dataset("iris"), P("train.csv"), null, P("test.csv"), "target", false), _env, _log, Deadline());
        await ValidateStep.RunAsync(new ValidateOptions(P("train.csv"), null, P("schema.json"), P("profile.json"), null, false, Target: "target"), _env, _log, Deadline());
        await ValidateStep.RunAsync(new ValidateOptions(P("test.csv"), P("schema.json"), null, P("test-profile.json"), null, false), _env, _log, Deadline());

        Assert.Equal("target", JsonNode.Parse(await File.ReadAllTextAsync(P("schema.json")))!["target"]!.GetValue<string>());
        Assert.Equal("target", JsonNode.Parse(await File.ReadAllTextAsync(P("profile.json")))!["target"]!.GetValue<string>());
        Assert.Equal("target", JsonNode.Parse(await File.ReadAllTextAsync(P("test-profile.json")))!["target"]!.GetValue<string>());
        var e = await Assert.ThrowsAsync<StepException>(() =>
            ValidateStep.RunAsync(new ValidateOptions(P("train.csv"), null, null, P("p.json"), null, false, Target: "label"), _env, _log, Deadline()));
        Assert.Equal($"target \"label\": {P("train.csv")} has no such column; its columns are: sepal_length_cm, sepal_width_cm, petal_length_cm, petal_width_cm, target", e.Message);
    }

    [Fact]
    public async Task A_missing_input_names_it()
    {
        var e = await Assert.ThrowsAsync<StepException>(() => TrainStep.RunAsync(new TrainOptions(P("nope.csv"), P("m.onnx"), "target", null), _env, _log, Deadline()));
        Assert.Contains("nope.csv does not exist", e.Message, StringComparison.Ordinal);
        var e2 = await Assert.ThrowsAsync<StepException>(() => TrainStep.RunAsync(new TrainOptions(null, P("m.onnx"), "target", null), _env, _log, Deadline()));
        Assert.Contains("SLUICE_INPUT_TRAIN", e2.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_corrupt_model_fails_evaluate_clearly()
    {
        await IngestStep.RunAsync(new IngestOptions(TestData.Dataset("iris"), P("train.csv"), null, P("test.csv"), null, false), _env, _log, Deadline());
        await File.WriteAllBytesAsync(P("model.onnx"), [8, 1, 0x3a, 0x40, 1, 2, 3]);
        var e = await Assert.ThrowsAsync<StepException>(() => EvaluateStep.RunAsync(new EvaluateOptions(P("model.onnx"), P("test.csv"), P("m.json"), "target", new Dictionary<string, double>()), _env, _log, Deadline()));
        Assert.Contains("model.onnx is not a loadable ONNX model", e.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _log.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
