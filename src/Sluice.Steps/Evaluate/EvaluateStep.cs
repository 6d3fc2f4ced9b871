using System.Globalization;
using System.Text.Json.Nodes;
using Sluice.Steps.Data;
using Sluice.Steps.Onnx;

namespace Sluice.Steps.Evaluate;

/// <summary>Runs the ONNX model through ONNX Runtime on the test split and writes metrics.json.</summary>
public static class EvaluateStep
{
    public static async Task<int> RunAsync(EvaluateOptions options, StageEnvironment environment, TextWriter log, CancellationToken cancellationToken)
    {
        var io = new ArtifactIo(environment);
        var modelUri = environment.Input(options.Model, "model", "--model");
        var testUri = environment.Input(options.Test, "test", "--test");
        var metricsOut = environment.Output(options.MetricsOut, "metrics", "--metrics-out");

        CsvTable table;
        await using (var input = await io.OpenReadAsync(testUri, "test data", cancellationToken))
        {
            table = await CsvTable.ReadAsync(input, testUri, cancellationToken);
        }

        var metrics = await MetricsAsync(io, modelUri, table, testUri, options.Target, "model", cancellationToken);
        var baselineUri = string.IsNullOrWhiteSpace(options.BaselineModel) ? environment.Variables.GetValueOrDefault(BaselineVariable) : options.BaselineModel;
        if (!string.IsNullOrWhiteSpace(baselineUri))
        {
            // The serving model on the candidate's own test rows: metrics from its training time would not compare.
            metrics["baseline"] = await MetricsAsync(io, baselineUri, table, testUri, options.Target, "baseline model", cancellationToken);
        }

        await io.WriteAsync(metricsOut, "metrics", (s, ct) => ArtifactIo.WriteJsonAsync(s, metrics, ct), new JsonObject { ["rows"] = metrics["rows"]?.DeepClone() }, cancellationToken);
        await log.WriteLineAsync($"evaluate: {Summary(metrics)}");
        if (metrics["baseline"] is JsonObject baseline)
        {
            await log.WriteLineAsync($"evaluate: baseline {baselineUri} on the same rows: {Summary(baseline)}");
        }

        var failures = new List<string>();
        foreach (var (name, limit) in options.Thresholds)
        {
            var value = metrics[name]?.GetValue<double>() ?? throw new StepException($"threshold on unknown metric \"{name}\"; metrics are accuracy, precision, recall, f1, roc_auc, log_loss");
            var ok = name == "log_loss" ? value <= limit : value >= limit;
            if (!ok)
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"{name} {value:F4} {(name == "log_loss" ? ">" : "<")} {limit}"));
            }
        }

        if (failures.Count > 0)
        {
            throw new StepException($"the model does not meet its thresholds: {string.Join("; ", failures)}");
        }

        // The scalar metrics are the stage's results, the baseline's beside them: the operator reads them without the artifact store.
        foreach (var (name, value) in Scalars(metrics))
        {
            environment.SetResult(name, value?.DeepClone());
        }

        if (metrics["baseline"] is JsonObject baselineMetrics)
        {
            environment.SetResult("baseline", Scalars(baselineMetrics));
        }

        return 0;
    }

    /// <summary>Where the stage contract names the serving model to compare with (empty for a first model).</summary>
    public const string BaselineVariable = "SLUICE_BASELINE_MODEL_URI";

    private static readonly string[] ScalarMetrics = ["rows", "accuracy", "precision", "recall", "f1", "roc_auc", "log_loss"];

    /// <summary>
    /// The scalar metrics rounded to 6 places, as the gate compares and status shows them: digits past the sixth are
    /// noise on a test split, and a tie within them is a tie.
    /// </summary>
    private static JsonObject Scalars(JsonObject metrics) =>
        new(ScalarMetrics.Select(n => KeyValuePair.Create(n, metrics[n] is JsonValue v && v.TryGetValue<double>(out var d)
            ? (JsonNode)JsonValue.Create(Math.Round((decimal)d, 6, MidpointRounding.AwayFromZero))
            : metrics[n]?.DeepClone())));

    private static string Summary(JsonObject m) => string.Create(CultureInfo.InvariantCulture,
        $"{m["rows"]} test rows; accuracy {V(m, "accuracy"):F4}, precision {V(m, "precision"):F4}, recall {V(m, "recall"):F4}, f1 {V(m, "f1"):F4}, roc_auc {V(m, "roc_auc"):F4}, log_loss {V(m, "log_loss"):F4}");

    private static double V(JsonObject m, string name) => m[name]?.GetValue<double>() ?? double.NaN;

    /// <summary>One model's metrics on the test table, as metrics.json records them.</summary>
    private static async Task<JsonObject> MetricsAsync(ArtifactIo io, string modelUri, CsvTable table, string testUri, string target, string what, CancellationToken cancellationToken)
    {
        byte[] modelBytes;
        await using (var modelStream = await io.OpenReadAsync(modelUri, what, cancellationToken))
        {
            var buffer = new MemoryStream();
            await modelStream.CopyToAsync(buffer, cancellationToken);
            modelBytes = buffer.ToArray();
        }

        using var classifier = new OnnxClassifier(modelBytes, modelUri);
        var data = FeatureMatrix.From(table, target, classifier.FeatureNames.Count > 0 ? classifier.FeatureNames : null, testUri);
        var classIndex = classifier.Classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        var unknown = data.Targets.Where(t => !classIndex.ContainsKey(t)).Distinct().ToList();
        if (unknown.Count > 0)
        {
            throw new StepException($"test data {testUri} has target values the {what} never saw: {string.Join(", ", unknown)} (its classes: {string.Join(", ", classifier.Classes)})");
        }

        var probabilities = classifier.PredictProbabilities(data.Rows);
        var m = ClassificationMetrics.Compute([.. data.Targets.Select(t => classIndex[t])], probabilities, classifier.Classes.Count);
        return new JsonObject
        {
            ["rows"] = data.Rows.Length,
            ["classes"] = new JsonArray([.. classifier.Classes.Select(c => (JsonNode)JsonValue.Create(c))]),
            ["average"] = classifier.Classes.Count == 2 ? "binary" : "macro",
            ["accuracy"] = m.Accuracy,
            ["precision"] = m.Precision,
            ["recall"] = m.Recall,
            ["f1"] = m.F1,
            ["roc_auc"] = double.IsNaN(m.RocAuc) ? null : m.RocAuc,
            ["log_loss"] = m.LogLoss,
            ["confusion_matrix"] = new JsonArray([.. m.ConfusionMatrix.Select(row => (JsonNode)new JsonArray([.. row.Select(v => (JsonNode)JsonValue.Create(v))]))]),
            ["model"] = modelUri,
            ["test"] = testUri,
        };
    }
}
