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

        byte[] modelBytes;
        await using (var modelStream = await io.OpenReadAsync(modelUri, "model", cancellationToken))
        {
            var buffer = new MemoryStream();
            await modelStream.CopyToAsync(buffer, cancellationToken);
            modelBytes = buffer.ToArray();
        }

        CsvTable table;
        await using (var input = await io.OpenReadAsync(testUri, "test data", cancellationToken))
        {
            table = await CsvTable.ReadAsync(input, testUri, cancellationToken);
        }

        using var classifier = new OnnxClassifier(modelBytes, modelUri);
        var data = FeatureMatrix.From(table, options.Target, classifier.FeatureNames.Count > 0 ? classifier.FeatureNames : null, testUri);
        var classIndex = classifier.Classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        var unknown = data.Targets.Where(t => !classIndex.ContainsKey(t)).Distinct().ToList();
        if (unknown.Count > 0)
        {
            throw new StepException($"test data {testUri} has target values the model never saw: {string.Join(", ", unknown)} (model classes: {string.Join(", ", classifier.Classes)})");
        }

        var probabilities = classifier.PredictProbabilities(data.Rows);
        var m = ClassificationMetrics.Compute([.. data.Targets.Select(t => classIndex[t])], probabilities, classifier.Classes.Count);
        var metrics = new JsonObject
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
        await io.WriteAsync(metricsOut, "metrics", (s, ct) => ArtifactIo.WriteJsonAsync(s, metrics, ct), new JsonObject { ["rows"] = data.Rows.Length }, cancellationToken);
        await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"evaluate: {data.Rows.Length} test rows; accuracy {m.Accuracy:F4}, precision {m.Precision:F4}, recall {m.Recall:F4}, f1 {m.F1:F4}, roc_auc {m.RocAuc:F4}, log_loss {m.LogLoss:F4}"));

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

        // The scalar metrics are the stage's results: the operator reads them without the artifact store.
        var results = new JsonObject();
        foreach (var name in new[] { "rows", "accuracy", "precision", "recall", "f1", "roc_auc", "log_loss" })
        {
            results[name] = metrics[name]?.DeepClone();
        }

        await environment.WriteResultsAsync(results, cancellationToken);
        return 0;
    }
}
