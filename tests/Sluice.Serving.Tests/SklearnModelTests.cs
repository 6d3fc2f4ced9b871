using System.Text.Json.Nodes;
using Sluice.Serving.Hosting;
using Sluice.Serving.Logging;
using Sluice.Serving.Models;

namespace Sluice.Serving.Tests;

/// <summary>A skl2onnx-style classifier with string class labels: string label tensor and {label: probability} maps.</summary>
public sealed class SklearnModelTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-sklearn-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task String_labels_and_string_keyed_probability_maps_come_back_per_row_and_are_logged()
    {
        var path = Path.Combine(_dir, "logreg.onnx");
        await File.WriteAllBytesAsync(path, SklearnLogisticModel.Build());
        var logDir = Path.Combine(_dir, "logs");
        var server = await RunningServer.StartAsync(new ServingOptions
        {
            Models = [new ModelSpec("iris", path) with { Batching = new BatchingSettings(16, TimeSpan.FromMilliseconds(1)) }],
            Port = 0,
            RequestLog = new RequestLogSettings(new DirectoryRequestLogSink(logDir)) { SampleRate = 1 },
        });
        await using (server)
        {
            var meta = (await server.GetAsync("/v2/models/iris")).Body!;
            var label = meta["outputs"]!.AsArray().Single(o => o!["name"]!.GetValue<string>() == "output_label")!;
            Assert.Equal("BYTES", label["datatype"]!.GetValue<string>());

            // Scores: class 0 = 4·x0, class 1 = 1 (intercept), class 2 = 4·x1.
            var (status, body) = await server.PostAsync("/v2/models/iris/infer",
                "{\"inputs\":[{\"name\":\"float_input\",\"shape\":[3,2],\"datatype\":\"FP32\",\"data\":[[2,0],[0,0],[0,2]]}]}");

            Assert.True(status == 200, body?.ToJsonString());
            var outputs = body!["outputs"]!.AsArray();
            var labels = outputs.Single(o => o!["name"]!.GetValue<string>() == "output_label")!;
            Assert.Equal("BYTES", labels["datatype"]!.GetValue<string>());
            Assert.Equal("[\"setosa\",\"versicolor\",\"virginica\"]", labels["data"]!.ToJsonString());
            var probabilities = outputs.Single(o => o!["name"]!.GetValue<string>() == "output_probability")!;
            Assert.Equal("[3]", probabilities["shape"]!.ToJsonString());
            var first = probabilities["data"]![0]!.AsObject();
            Assert.Equal(SklearnLogisticModel.Classes, first.Select(kv => kv.Key).Order(StringComparer.Ordinal));
            Assert.Equal(Math.Exp(8) / (Math.Exp(8) + Math.E + 1), first["setosa"]!.GetValue<double>(), 5);
            var sum = probabilities["data"]![1]!.AsObject().Sum(kv => kv.Value!.GetValue<double>());
            Assert.Equal(1.0, sum, 5);

            var v1 = await server.PostAsync("/v1/models/iris:predict", "{\"instances\":[[0,2]]}");
            Assert.True(v1.Status == 200, v1.Body?.ToJsonString());
            Assert.Equal("virginica", v1.Body!["predictions"]![0]!["output_label"]!.GetValue<string>());
        }

        var lines = File.ReadAllLines(Directory.GetFiles(logDir, "*.jsonl", SearchOption.AllDirectories).Single());
        var row = JsonNode.Parse(lines[2])!;
        Assert.Equal(2.0, row["features"]!["float_input_1"]!.GetValue<double>());
        Assert.Equal("virginica", row["outputs"]!["output_label"]!.GetValue<string>());
    }
}
