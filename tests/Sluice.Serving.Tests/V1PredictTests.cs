using System.Text.Json.Nodes;

namespace Sluice.Serving.Tests;

/// <summary>The convenience v1 endpoint: POST /v1/models/NAME:predict with {"instances": [...]}.</summary>
public sealed class V1PredictTests
{
    private static JsonNode Catalog(string file) => JsonNode.Parse(File.ReadAllText(RunningServer.ModelPath("models.json")))![file]!;

    [Fact]
    public async Task Predictions_match_models_json_one_per_instance()
    {
        var info = Catalog("breast_cancer_mlp_v1.onnx");
        var inputs = info["sample_inputs"]!.AsArray();
        await using var server = await RunningServer.StartAsync("breast_cancer_mlp_v1.onnx", "bc");

        var (status, body) = await server.PostAsync("/v1/models/bc:predict", new JsonObject { ["instances"] = inputs.DeepClone() }.ToJsonString());

        Assert.Equal(200, status);
        var predictions = body!["predictions"]!.AsArray();
        Assert.Equal(inputs.Count, predictions.Count);
        var expected = info["sample_outputs"]!.AsArray();
        for (var i = 0; i < expected.Count; i++)
        {
            var want = expected[i] is JsonArray a ? a[0]!.GetValue<double>() : expected[i]!.GetValue<double>();
            Assert.Equal(want, predictions[i]!.GetValue<double>(), 1e-5);
        }
    }

    [Fact]
    public async Task A_model_with_several_outputs_answers_an_object_per_instance()
    {
        await using var server = await RunningServer.StartAsync("iris_mlp.onnx", "iris");

        var (status, body) = await server.PostAsync("/v1/models/iris:predict", """{"instances":[{"features":[5.1,3.5,1.4,0.2]},[6.7,3.0,5.2,2.3]]}""");

        Assert.Equal(200, status);
        var predictions = body!["predictions"]!.AsArray();
        Assert.Equal(2, predictions.Count);
        Assert.Equal(3, predictions[0]!["probabilities"]!.AsArray().Count);
        Assert.NotNull(predictions[1]!["label"]);
    }

    [Theory]
    [InlineData("""{"inputs":[]}""", "\"instances\"")]
    [InlineData("""{"instances":[]}""", "\"instances\" is empty")]
    [InlineData("""{"instances":[[1,2,3]]}""", "input")]
    [InlineData("""{"instances":[[5.1,3.5,1.4,0.2],[1,2]]}""", "instances[1]")]
    [InlineData("""{"instances":[{"petals":[1,2,3,4]}]}""", "has no \"features\"")]
    [InlineData("""{"instances":[["a","b","c","d"]]}""", "features")]
    [InlineData("not json", "not valid JSON")]
    public async Task Bad_instances_are_400_naming_what_is_wrong(string request, string expected)
    {
        await using var server = await RunningServer.StartAsync("iris_mlp.onnx", "iris");

        var (status, body) = await server.PostAsync("/v1/models/iris:predict", request);

        Assert.Equal(400, status);
        Assert.Contains(expected, body!["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_model_is_404()
    {
        await using var server = await RunningServer.StartAsync("iris_mlp.onnx", "iris");

        Assert.Equal(404, (await server.PostAsync("/v1/models/nope:predict", """{"instances":[[1,2,3,4]]}""")).Status);
    }
}
