using Microsoft.ML.OnnxRuntime;
using Sluice.Steps.Data;
using Sluice.Steps.Onnx;
using Sluice.Steps.Training;

namespace Sluice.Steps.Tests;

public sealed class OnnxModelWriterTests
{
    [Theory]
    [InlineData("breast_cancer", 2)]
    [InlineData("iris", 3)]
    [InlineData("wine", 3)]
    public async Task Onnx_runtime_predictions_equal_the_trained_models_within_1e_5(string dataset, int classes)
    {
        var data = FeatureMatrix.From(await TestData.ReadAsync(dataset), "target", null, dataset);
        var (model, _, _) = LinearTrainer.Train(data, new TrainerOptions());
        var bytes = OnnxModelWriter.Write(model, "test");

        using var classifier = new OnnxClassifier(bytes, dataset);
        var onnx = classifier.PredictProbabilities(data.Rows);

        Assert.Equal(classes, classifier.Classes.Count);
        Assert.Equal(data.FeatureNames, classifier.FeatureNames);
        for (var r = 0; r < data.Rows.Length; r++)
        {
            var expected = model.PredictProbabilities(data.Rows[r]);
            for (var c = 0; c < classes; c++)
            {
                Assert.True(Math.Abs(expected[c] - onnx[r][c]) <= 1e-5, $"row {r} class {c}: C# {expected[c]} vs ONNX {onnx[r][c]}");
            }
        }
    }

    [Fact]
    public async Task Binary_models_have_the_shipped_output_shape_and_metadata()
    {
        var data = FeatureMatrix.From(await TestData.ReadAsync("breast_cancer"), "target", null, "bc");
        var bytes = OnnxModelWriter.Write(LinearTrainer.Train(data, new TrainerOptions()).Model, "test");

        using var session = new InferenceSession(bytes);
        Assert.Equal(["input"], session.InputMetadata.Keys);
        Assert.Equal([-1, 30], session.InputMetadata["input"].Dimensions);
        Assert.Equal(["probability"], session.OutputMetadata.Keys);
        Assert.Equal([-1, 1], session.OutputMetadata["probability"].Dimensions);
        Assert.Equal("0,1", session.ModelMetadata.CustomMetadataMap["sluice.classes"]);
        Assert.StartsWith("mean_radius,", session.ModelMetadata.CustomMetadataMap["sluice.feature_names"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Multiclass_models_output_probabilities_and_an_int64_label()
    {
        var data = FeatureMatrix.From(await TestData.ReadAsync("iris"), "target", null, "iris");
        var bytes = OnnxModelWriter.Write(LinearTrainer.Train(data, new TrainerOptions()).Model, "test");

        using var session = new InferenceSession(bytes);
        Assert.Equal(["probabilities", "label"], session.OutputMetadata.Keys);
        using var input = OrtValue.CreateTensorValueFromMemory(data.Rows.SelectMany(r => r.Select(v => (float)v)).ToArray(), [data.Rows.Length, 4]);
        using var outputs = session.Run(new RunOptions(), ["input"], [input], ["label"]);
        var labels = outputs[0].GetTensorDataAsSpan<long>().ToArray();
        var accuracy = labels.Zip(data.Targets).Count(p => p.First.ToString(System.Globalization.CultureInfo.InvariantCulture) == p.Second) / (double)labels.Length;
        Assert.True(accuracy > 0.9, $"training accuracy {accuracy}");
    }

    [Fact]
    public async Task Training_is_deterministic()
    {
        var data = FeatureMatrix.From(await TestData.ReadAsync("wine"), "target", null, "wine");
        var a = OnnxModelWriter.Write(LinearTrainer.Train(data, new TrainerOptions()).Model, "t");
        var b = OnnxModelWriter.Write(LinearTrainer.Train(data, new TrainerOptions()).Model, "t");
        Assert.Equal(a, b);
    }
}
