using Sluice.Serving.Hosting;
using Sluice.Serving.Models;

namespace Sluice.Serving.Tests;

/// <summary>A model whose graph declares an output shape it does not produce is still served, with the real shape.</summary>
public sealed class MisdeclaredShapeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-shape-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task One_row_requests_get_the_shape_the_model_really_produces()
    {
        // Identity of a [N, 2] input, with the output declared [N, 1].
        var graph = new ProtoWriter()
            .Message(1, new ProtoWriter().String(1, "x").String(2, "y").String(3, "identity").String(4, "Identity"))
            .String(2, "misdeclared")
            .Message(11, OnnxTypes.Value("x", OnnxTypes.Tensor(1, -1, 2)))
            .Message(12, OnnxTypes.Value("y", OnnxTypes.Tensor(1, -1, 1)));
        var model = new ProtoWriter().Int(1, 8).String(2, "sluice-test").Message(7, graph)
            .Message(8, new ProtoWriter().String(1, "").Int(2, 17)).ToArray();
        var path = Path.Combine(_dir, "misdeclared.onnx");
        await File.WriteAllBytesAsync(path, model);

        await using var server = await RunningServer.StartAsync(new ServingOptions { Models = [new ModelSpec("m", path)], Port = 0 });
        for (var i = 0; i < 3; i++)
        {
            var (status, body) = await server.PostAsync("/v2/models/m/infer",
                "{\"inputs\":[{\"name\":\"x\",\"shape\":[1,2],\"datatype\":\"FP32\",\"data\":[1.5,2.5]}]}");

            Assert.True(status == 200, body?.ToJsonString());
            Assert.Equal("[1,2]", body!["outputs"]![0]!["shape"]!.ToJsonString());
            Assert.Equal("[1.5,2.5]", body["outputs"]![0]!["data"]!.ToJsonString());
        }
    }
}
