using System.Globalization;
using System.Text.Json.Nodes;
using Sluice.Steps.Data;
using Sluice.Steps.Onnx;

namespace Sluice.Steps.Training;

/// <summary>Trains logistic (binary) or softmax (multi-class) regression and writes it as an ONNX model.</summary>
public static class TrainStep
{
    public static async Task<int> RunAsync(TrainOptions options, StageEnvironment environment, TextWriter log, CancellationToken cancellationToken)
    {
        var io = new ArtifactIo(environment);
        var trainUri = environment.Input(options.Train, "train", "--train");
        var modelOut = environment.Output(options.ModelOut, "model", "--model-out");
        CsvTable table;
        await using (var input = await io.OpenReadAsync(trainUri, "training data", cancellationToken))
        {
            table = await CsvTable.ReadAsync(input, trainUri, cancellationToken);
        }

        if (table.Rows.Count == 0)
        {
            throw new StepException($"training data {trainUri} has no rows");
        }

        var data = FeatureMatrix.From(table, options.Target, options.Features, trainUri);
        // Full-batch descent is deterministic on its own; the seed is recorded so a run's lineage is complete.
        var (model, iterations, loss) = LinearTrainer.Train(data, new TrainerOptions(options.L2, options.MaxIterations, options.LearningRate));
        var bytes = OnnxModelWriter.Write(model, typeof(TrainStep).Assembly.GetName().Version?.ToString() ?? "dev");
        var trainingAccuracy = data.Rows.Select((r, i) => model.Classes[ArgMax(model.PredictProbabilities(r))] == data.Targets[i]).Count(ok => ok) / (double)data.Rows.Length;
        await io.WriteAsync(modelOut, "model", (s, ct) => s.WriteAsync(bytes, ct).AsTask(), new JsonObject
        {
            ["rows"] = data.Rows.Length,
            ["format"] = "onnx",
            ["algorithm"] = model.IsBinary ? "logistic_regression" : "softmax_regression",
            ["input"] = OnnxModelWriter.InputName,
            ["features"] = new JsonArray([.. model.FeatureNames.Select(f => (JsonNode)JsonValue.Create(f))]),
            ["classes"] = new JsonArray([.. model.Classes.Select(c => (JsonNode)JsonValue.Create(c))]),
            ["target"] = options.Target,
            ["l2"] = options.L2,
            ["seed"] = options.Seed,
            ["iterations"] = iterations,
            ["trainingLoss"] = loss,
            ["trainingAccuracy"] = trainingAccuracy,
        }, cancellationToken);
        await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"train: {(model.IsBinary ? "logistic" : "softmax")} regression on {data.Rows.Length} rows x {data.FeatureNames.Count} features, {model.Classes.Count} classes; {iterations} iterations, loss {loss:F4}, training accuracy {trainingAccuracy:F4}; model {modelOut}"));
        return 0;
    }

    internal static int ArgMax(double[] values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }
}
