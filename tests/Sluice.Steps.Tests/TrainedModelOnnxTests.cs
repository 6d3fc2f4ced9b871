using Microsoft.ML.OnnxRuntime;
using Sluice.Steps.Data;
using Sluice.Steps.Training;

namespace Sluice.Steps.Tests;

/// <summary>The model file `sluice step train` writes, loaded by plain ONNX Runtime, predicts what the trainer's own model predicts.</summary>
public sealed class TrainedModelOnnxTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-train-onnx-").FullName;

    [Theory]
    [InlineData("breast_cancer", 2)]
    [InlineData("iris", 3)]
    [InlineData("wine", 3)]
    public async Task The_train_steps_model_file_predicts_in_onnx_runtime_what_the_trainer_predicts(string dataset, int classes)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var modelPath = Path.Combine(_dir, dataset + ".onnx");
        await TrainStep.RunAsync(new TrainOptions(TestData.Dataset(dataset), modelPath, "target", null), new StageEnvironment(new Dictionary<string, string?>()), TextWriter.Null, deadline.Token);
        var data = FeatureMatrix.From(await TestData.ReadAsync(dataset), "target", null, dataset);
        var defaults = new TrainOptions(null, null, "target", null);
        var trainer = LinearTrainer.Train(data, new TrainerOptions(defaults.L2, defaults.MaxIterations, defaults.LearningRate)).Model;

        using var session = new InferenceSession(modelPath);
        using var input = OrtValue.CreateTensorValueFromMemory(data.Rows.SelectMany(r => r.Select(v => (float)v)).ToArray(), [data.Rows.Length, data.FeatureNames.Count]);
        var outputNames = session.OutputMetadata.Keys.ToList();
        using var outputs = session.Run(new RunOptions(), ["input"], [input], outputNames);
        var probabilities = outputs[0].GetTensorDataAsSpan<float>().ToArray();
        var labels = classes == 2 ? null : outputs[1].GetTensorDataAsSpan<long>().ToArray();

        for (var r = 0; r < data.Rows.Length; r++)
        {
            var expected = trainer.PredictProbabilities(data.Rows[r]);
            var actual = classes == 2 ? [1 - probabilities[r], probabilities[r]] : probabilities.AsSpan(r * classes, classes).ToArray().Select(p => (double)p).ToArray();
            for (var c = 0; c < classes; c++)
            {
                Assert.True(Math.Abs(expected[c] - actual[c]) <= 1e-5, $"{dataset} row {r} class {c}: trainer {expected[c]} vs ONNX Runtime {actual[c]}");
            }

            var expectedClass = trainer.Classes[TrainStep.ArgMax(expected)];
            var onnxClass = labels is null ? trainer.Classes[actual[1] > actual[0] ? 1 : 0] : labels[r].ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(expectedClass, onnxClass);
        }
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
