using System.Text.Json.Nodes;

namespace Sluice.Serving.Tests;

/// <summary>Every model in testdata answers through v2 with the outputs models.json records.</summary>
public sealed class ModelsJsonTests
{
    private static JsonObject Catalog() =>
        JsonNode.Parse(File.ReadAllText(RunningServer.ModelPath("models.json")))!.AsObject();

    public static TheoryData<string> Models()
    {
        var data = new TheoryData<string>();
        foreach (var (file, info) in Catalog())
        {
            if (info!["sample_inputs"] is not null)
            {
                data.Add(file);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Models))]
    public async Task Outputs_equal_models_json_within_1e5(string file)
    {
        var info = Catalog()[file]!;
        var inputs = info["sample_inputs"]!.AsArray();
        var width = inputs[0]!.AsArray().Count;
        await using var server = await RunningServer.StartAsync(file, "m");
        var body = new JsonObject
        {
            ["id"] = "golden",
            ["inputs"] = new JsonArray(new JsonObject
            {
                ["name"] = info["input"]!.GetValue<string>(),
                ["shape"] = new JsonArray(inputs.Count, width),
                ["datatype"] = "FP32",
                ["data"] = inputs.DeepClone(),
            }),
        };

        var (status, response) = await server.PostAsync("/v2/models/m/infer", body.ToJsonString());

        Assert.Equal(200, status);
        Assert.Equal("golden", response!["id"]!.GetValue<string>());
        var expected = info["sample_outputs"] is JsonObject named
            ? named.ToDictionary(kv => kv.Key, kv => kv.Value!)
            : new Dictionary<string, JsonNode> { [info["output"]!.GetValue<string>()] = info["sample_outputs"]! };
        foreach (var (name, values) in expected)
        {
            var output = response["outputs"]!.AsArray().Single(o => o!["name"]!.GetValue<string>() == name)!;
            var want = Flatten(values).ToList();
            var got = output["data"]!.AsArray().Select(v => v!.GetValue<double>()).ToList();
            Assert.Equal(want.Count, got.Count);
            Assert.Equal(inputs.Count, output["shape"]![0]!.GetValue<int>());
            for (var i = 0; i < want.Count; i++)
            {
                Assert.True(Math.Abs(want[i] - got[i]) <= 1e-5, $"{file} {name}[{i}]: expected {want[i]}, got {got[i]}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public async Task Metadata_lists_inputs_and_outputs_with_variable_batch(string file)
    {
        var info = Catalog()[file]!;
        await using var server = await RunningServer.StartAsync(file, "m");

        var (status, meta) = await server.GetAsync("/v2/models/m");

        Assert.Equal(200, status);
        var input = meta!["inputs"]![0]!;
        Assert.Equal(info["input"]!.GetValue<string>(), input["name"]!.GetValue<string>());
        Assert.Equal("FP32", input["datatype"]!.GetValue<string>());
        Assert.Equal(-1, input["shape"]![0]!.GetValue<long>());
        Assert.Equal(info["input_shape"]![1]!.GetValue<long>(), input["shape"]![1]!.GetValue<long>());
        Assert.Equal(200, (await server.GetAsync("/v2/models/m/versions/1")).Status);
        Assert.Equal(200, (await server.GetAsync("/v2/models/m/ready")).Status);
        Assert.Equal(200, (await server.GetAsync("/v2/health/ready")).Status);
        Assert.Equal(200, (await server.GetAsync("/v2/health/live")).Status);
        Assert.Equal("sluice", (await server.GetAsync("/v2")).Body!["name"]!.GetValue<string>());
    }

    private static IEnumerable<double> Flatten(JsonNode node) => node is JsonArray a
        ? a.SelectMany(n => Flatten(n!))
        : [node.GetValue<double>()];
}
