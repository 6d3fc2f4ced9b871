using Sluice.Serving.Logging;
using Sluice.Serving.Models;
using Sluice.Serving.Hosting;
using System.Text.Json.Nodes;

namespace Sluice.Serving.Tests;

/// <summary>scikit-learn-style models: a sequence-of-maps output comes back in the documented JSON form.</summary>
public sealed class ZipMapTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-zipmap-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Sequence_of_maps_is_returned_as_one_object_per_row_and_logged_with_feature_names()
    {
        var path = Path.Combine(_dir, "zipmap.onnx");
        await File.WriteAllBytesAsync(path, ZipMapModel.Build());
        var server = await RunningServer.StartAsync(new ServingOptions
        {
            Models = [new ModelSpec("sk", path)],
            Port = 0,
            RequestLog = new RequestLogSettings(new DirectoryRequestLogSink(_dir)) { SampleRate = 1 },
        });
        await using (server)
        {
            var meta = (await server.GetAsync("/v2/models/sk")).Body!;
            var zipOutput = meta["outputs"]!.AsArray().Single(o => o!["name"]!.GetValue<string>() == "output_probability")!;
            Assert.Equal("BYTES", zipOutput["datatype"]!.GetValue<string>());
            Assert.Equal("sluice/map", zipOutput["parameters"]!["content_type"]!.GetValue<string>());

            var (status, body) = await server.PostAsync("/v2/models/sk/infer",
                "{\"inputs\":[{\"name\":\"X\",\"shape\":[2,3],\"datatype\":\"FP32\",\"data\":[[0,0,0],[0,5,0]]}]}");

            Assert.Equal(200, status);
            var outputs = body!["outputs"]!.AsArray();
            var label = outputs.Single(o => o!["name"]!.GetValue<string>() == "output_label")!;
            Assert.Equal("[0,1]", label["data"]!.ToJsonString());
            var probability = outputs.Single(o => o!["name"]!.GetValue<string>() == "output_probability")!;
            Assert.Equal("[2]", probability["shape"]!.ToJsonString());
            var first = probability["data"]![0]!.AsObject();
            Assert.Equal(["0", "1", "2"], first.Select(kv => kv.Key));
            Assert.Equal(1.0 / 3, first["0"]!.GetValue<double>(), 5);
            Assert.True(probability["data"]![1]!["1"]!.GetValue<double>() > 0.98);
        }

        var line = JsonNode.Parse(File.ReadAllLines(Directory.GetFiles(Path.Combine(_dir, "serving-logs"), "*.jsonl", SearchOption.AllDirectories).Single())[1])!;
        Assert.Equal(5.0, line["features"]!["sepal_width"]!.GetValue<double>());
        Assert.Equal(1, line["outputs"]!["output_label"]!.GetValue<long>());
        Assert.True(line["outputs"]!["output_probability"]!["1"]!.GetValue<double>() > 0.98);
    }
}
