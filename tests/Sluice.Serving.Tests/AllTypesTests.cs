using System.Text.Json.Nodes;
using Sluice.Serving.Hosting;
using Sluice.Serving.Logging;
using Sluice.Serving.Models;

namespace Sluice.Serving.Tests;

/// <summary>Every tensor datatype the protocol defines goes in and comes back unchanged, including the extremes of each range.</summary>
public sealed class AllTypesTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string> Values = new()
    {
        ["BOOL"] = "[true,false,false,true]",
        ["UINT8"] = "[0,255,1,128]",
        ["UINT16"] = "[0,65535,1,32768]",
        ["UINT32"] = "[0,4294967295,1,2147483648]",
        ["UINT64"] = "[0,18446744073709551615,1,9223372036854775808]",
        ["INT8"] = "[-128,127,0,-1]",
        ["INT16"] = "[-32768,32767,0,-1]",
        ["INT32"] = "[-2147483648,2147483647,0,-1]",
        ["INT64"] = "[-9223372036854775808,9223372036854775807,0,-1]",
        ["FP16"] = "[0.5,-2,65504,0.099975586]",
        ["BF16"] = "[1,-2.5,3.140625,3.3895314e+38]",
        ["FP32"] = "[0.1,-3.4028235e+38,1e-45,17.99]",
        ["FP64"] = "[0.1,1e+300,-5e-324,17.99]",
        ["BYTES"] = "[\"a\",\"\",\"caf\\u00e9\",\"with \\\"quotes\\\"\"]",
    };

    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-alltypes-").FullName;
    private RunningServer _server = null!;

    public async Task InitializeAsync()
    {
        var path = Path.Combine(_dir, "all_types.onnx");
        await File.WriteAllBytesAsync(path, AllTypesModel.Build());
        _server = await RunningServer.StartAsync(new ServingOptions { Models = [new ModelSpec("types", path)], Port = 0 });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Metadata_lists_every_input_with_its_datatype_and_a_variable_first_dimension()
    {
        var meta = (await _server.GetAsync("/v2/models/types")).Body!;
        foreach (var (v2, _) in AllTypesModel.Types)
        {
            var input = meta["inputs"]!.AsArray().Single(i => i!["name"]!.GetValue<string>() == $"x_{v2}")!;
            Assert.Equal(v2, input["datatype"]!.GetValue<string>());
            Assert.Equal("[-1,2]", input["shape"]!.ToJsonString());
        }
    }

    [Fact]
    public async Task Every_datatype_round_trips_through_the_model_unchanged()
    {
        var inputs = string.Join(',', AllTypesModel.Types.Select(t =>
            $"{{\"name\":\"x_{t.V2}\",\"shape\":[2,2],\"datatype\":\"{t.V2}\",\"data\":{Values[t.V2]}}}"));
        var (status, body) = await _server.PostAsync("/v2/models/types/infer", $"{{\"inputs\":[{inputs}]}}");

        Assert.True(status == 200, body?.ToJsonString());
        var outputs = body!["outputs"]!.AsArray();
        Assert.Equal(AllTypesModel.Types.Length, outputs.Count);
        foreach (var (v2, _) in AllTypesModel.Types)
        {
            var output = outputs.Single(o => o!["name"]!.GetValue<string>() == $"y_{v2}")!;
            Assert.Equal(v2, output["datatype"]!.GetValue<string>());
            Assert.Equal("[2,2]", output["shape"]!.ToJsonString());
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Values[v2]), output["data"]),
                $"{v2}: sent {Values[v2]}, got {output["data"]!.ToJsonString()}");
        }
    }

    [Fact]
    public async Task V1_predictions_carry_every_datatype_as_its_json_value()
    {
        // One instance keyed by input name; each input's row is the first two values of its v2 test data.
        var instance = string.Join(',', AllTypesModel.Types.Select(t =>
            $"\"x_{t.V2}\":{new JsonArray([.. JsonNode.Parse(Values[t.V2])!.AsArray().Take(2).Select(v => v!.DeepClone())]).ToJsonString()}"));
        var (status, body) = await _server.PostAsync("/v1/models/types:predict", $"{{\"instances\":[{{{instance}}}]}}");

        Assert.True(status == 200, body?.ToJsonString());
        var prediction = body!["predictions"]![0]!;
        foreach (var (v2, _) in AllTypesModel.Types)
        {
            var sent = new JsonArray([.. JsonNode.Parse(Values[v2])!.AsArray().Take(2).Select(v => v!.DeepClone())]);
            Assert.True(JsonNode.DeepEquals(sent, prediction[$"y_{v2}"]), $"{v2}: sent {sent.ToJsonString()}, got {prediction[$"y_{v2}"]?.ToJsonString()}");
        }
    }

    [Fact]
    public async Task Request_logs_write_every_numeric_datatype_as_a_json_number()
    {
        var logDir = Path.Combine(_dir, "logs");
        var server = await RunningServer.StartAsync(new ServingOptions
        {
            Models = [new ModelSpec("types", Path.Combine(_dir, "all_types.onnx"))],
            Port = 0,
            RequestLog = new RequestLogSettings(new DirectoryRequestLogSink(logDir)) { SampleRate = 1 },
        });
        await using (server)
        {
            var inputs = string.Join(',', AllTypesModel.Types.Select(t =>
                $"{{\"name\":\"x_{t.V2}\",\"shape\":[2,2],\"datatype\":\"{t.V2}\",\"data\":{Values[t.V2]}}}"));
            Assert.Equal(200, (await server.PostAsync("/v2/models/types/infer", $"{{\"inputs\":[{inputs}]}}")).Status);
        }

        var first = JsonNode.Parse(File.ReadAllLines(Directory.GetFiles(logDir, "*.jsonl", SearchOption.AllDirectories).Single())[0])!;
        var features = first["features"]!.AsObject();
        Assert.Equal(18446744073709551615UL, features["x_UINT64_1"]!.GetValue<ulong>());
        Assert.Equal(255, features["x_UINT8_1"]!.GetValue<int>());
        Assert.Equal(-128, features["x_INT8_0"]!.GetValue<int>());
        Assert.Equal(-2.5, features["x_BF16_1"]!.GetValue<double>());
        Assert.Equal(-2, features["x_FP16_1"]!.GetValue<double>());
        Assert.Equal("a", features["x_BYTES_0"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("UINT8", "[0,256,1,2]", "x_UINT8: element 1 is 256")]
    [InlineData("INT8", "[0,-129,1,2]", "x_INT8: element 1 is -129")]
    [InlineData("UINT64", "[0,-1,1,2]", "x_UINT64: element 1 is -1")]
    [InlineData("FP16", "[0,65520,1,2]", "x_FP16: element 1 is 65520")]
    [InlineData("BF16", "[0,1e39,1,2]", "x_BF16: element 1 is 1e39")]
    [InlineData("BOOL", "[0,1,1,0]", "x_BOOL: element 0 is 0")]
    [InlineData("BYTES", "[\"a\",1,\"b\",\"c\"]", "x_BYTES: element 1 is 1")]
    [InlineData("INT32", "[0,1.5,1,2]", "x_INT32: element 1 is 1.5")]
    public async Task A_value_outside_its_datatype_is_a_400_naming_the_input_and_element(string v2, string data, string expected)
    {
        var inputs = string.Join(',', AllTypesModel.Types.Select(t =>
            $"{{\"name\":\"x_{t.V2}\",\"shape\":[2,2],\"datatype\":\"{t.V2}\",\"data\":{(t.V2 == v2 ? data : Values[t.V2])}}}"));
        var (status, body) = await _server.PostAsync("/v2/models/types/infer", $"{{\"inputs\":[{inputs}]}}");

        Assert.Equal(400, status);
        Assert.Contains(expected, body!["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
