using Sluice.Serving.Hosting;
using Sluice.Serving.Models;

namespace Sluice.Serving.Tests;

/// <summary>A request the model rejects at run time fails alone: the requests batched with it still get their results.</summary>
public sealed class BatchFailureTests : IDisposable
{
    private const int Int64 = 7;
    private const int Float = 1;

    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-batchfail-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task An_index_out_of_range_fails_only_its_own_request()
    {
        // value = table[idx] with table = [10, 20, 30]: any index past 2 fails inside ONNX Runtime, not in validation.
        var graph = new ProtoWriter()
            .Message(1, new ProtoWriter().String(1, "table").String(1, "idx").String(2, "value").String(3, "gather").String(4, "Gather")
                .Message(5, new ProtoWriter().String(1, "axis").Int(20, 2).Int(3, 0)))
            .String(2, "lookup")
            .Message(5, new ProtoWriter().Int(1, 3).Int(2, Float).Floats(4, 10f, 20f, 30f).String(8, "table"))
            .Message(11, OnnxTypes.Value("idx", OnnxTypes.Tensor(Int64, -1, 1)))
            .Message(12, OnnxTypes.Value("value", OnnxTypes.Tensor(Float, -1, 1)));
        var path = Path.Combine(_dir, "lookup.onnx");
        await File.WriteAllBytesAsync(path, new ProtoWriter().Int(1, 8).String(2, "sluice-test").Message(7, graph)
            .Message(8, new ProtoWriter().String(1, "").Int(2, 17)).ToArray());
        await using var server = await RunningServer.StartAsync(new ServingOptions
        {
            Models = [new ModelSpec("lookup", path) with { Batching = new BatchingSettings(64, TimeSpan.FromMilliseconds(50)) { RunAloneWhenIdle = false } }],
            Port = 0,
        });

        var indices = new[] { 0, 1, 2, 5, 0, 1, 2, 1 };
        var responses = await Task.WhenAll(indices.Select(i => server.PostAsync("/v2/models/lookup/infer",
            $"{{\"inputs\":[{{\"name\":\"idx\",\"shape\":[1,1],\"datatype\":\"INT64\",\"data\":[{i}]}}]}}")));

        for (var n = 0; n < indices.Length; n++)
        {
            var (status, body) = responses[n];
            if (indices[n] == 5)
            {
                Assert.Equal(400, status);
                Assert.Contains("rejected the input", body!["error"]!.GetValue<string>(), StringComparison.Ordinal);
            }
            else
            {
                Assert.True(status == 200, body?.ToJsonString());
                Assert.Equal($"[{(indices[n] + 1) * 10}]", body!["outputs"]![0]!["data"]!.ToJsonString());
            }
        }
    }
}
