using System.Text;

namespace Sluice.Serving.Tests;

/// <summary>Bad requests get a 4xx with an error naming the input and what was expected; never a 500.</summary>
public sealed class StrictInputTests : IAsyncLifetime
{
    private const string Row = "[5.1,3.5,1.4,0.2]";
    private RunningServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await RunningServer.StartAsync("iris_mlp.onnx", "iris", o => o with { MaxRequestBodyBytes = 64 * 1024 });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("", "empty")]
    [InlineData("[1,2]", "JSON object")]
    [InlineData("{}", "\"inputs\"")]
    [InlineData("{\"inputs\":[]}", "input features is missing")]
    [InlineData("{\"inputs\":[{\"name\":\"x\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":" + Row + "}]}", "input x is not an input of model iris")]
    [InlineData("{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP64\",\"data\":" + Row + "}]}", "expected \"FP32\"")]
    [InlineData("{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"data\":" + Row + "}]}", "datatype is missing")]
    [InlineData("{\"inputs\":[{\"name\":\"features\",\"shape\":[1,5],\"datatype\":\"FP32\",\"data\":" + Row + "}]}", "expected [-1,4]")]
    [InlineData("{\"inputs\":[{\"name\":\"features\",\"shape\":[4],\"datatype\":\"FP32\",\"data\":" + Row + "}]}", "has 1 dimensions")]
    [InlineData("{\"inputs\":[{\"name\":\"features\",\"shape\":[2,4],\"datatype\":\"FP32\",\"data\":" + Row + "}]}", "needs 8 elements but data has 4")]
    [InlineData("{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[1,2,3,4,5]}]}", "more than the 4 elements")]
    [InlineData("{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[1,2,3,\"NaN\"]}]}", "element 3 is \"NaN\", expected a finite number")]
    [InlineData("{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[1,2,3,1e39]}]}", "within FP32 range")]
    [InlineData("{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[1,2,3,null]}]}", "element 3 is null")]
    [InlineData("{\"inputs\":[{\"name\":\"features\",\"shape\":[0,4],\"datatype\":\"FP32\",\"data\":[]}]}", "at least 1")]
    [InlineData("{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":" + Row + "}],\"outputs\":[{\"name\":\"nope\"}]}", "output nope is not an output")]
    [InlineData("{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":" + Row + "}],\"parameters\":3}", "\"parameters\" must be")]
    [InlineData("{\"id\":5,\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":" + Row + "}]}", "\"id\" must be a string")]
    public async Task Bad_request_is_400_naming_the_problem(string body, string expected)
    {
        var (status, response) = await _server.PostAsync("/v2/models/iris/infer", body);

        Assert.Equal(400, status);
        Assert.Contains(expected, response!["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"id\":\"\\ud800\",\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":" + Row + "}]}")]
    [InlineData("{\"inputs\":[{\"name\":\"feat\\udc00\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":" + Row + "}]}")]
    [InlineData("{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"\\ud83d\",\"data\":" + Row + "}]}")]
    public async Task A_string_escape_that_is_not_valid_unicode_is_400(string body)
    {
        var (status, response) = await _server.PostAsync("/v2/models/iris/infer", body);

        Assert.Equal(400, status);
        Assert.Contains("not valid Unicode", response!["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/v2/models/iris/infer")]
    [InlineData("/v1/models/iris:predict")]
    public async Task A_body_that_is_not_utf8_is_400(string path)
    {
        var valid = Encoding.UTF8.GetBytes("{\"id\":\"XX\",\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":" + Row + "}]}");
        var at = Array.IndexOf(valid, (byte)'X');
        valid[at] = 0xFF;
        valid[at + 1] = 0xFE;
        using var content = new ByteArrayContent(valid);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        using var response = await _server.Client.PostAsync(path, content);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("not valid UTF-8", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_model_or_version_is_404()
    {
        Assert.Equal(404, (await _server.PostAsync("/v2/models/nope/infer", "{}")).Status);
        Assert.Equal(404, (await _server.PostAsync("/v2/models/iris/versions/9/infer", "{}")).Status);
        var (status, body) = await _server.GetAsync("/v2/models/nope");
        Assert.Equal(404, status);
        Assert.Contains("iris", body!["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Oversized_body_is_413()
    {
        var big = "{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[" + string.Join(",", Enumerable.Repeat("1.0", 40_000)) + "]}]}";

        Assert.Equal(413, (await _server.PostAsync("/v2/models/iris/infer", big)).Status);
    }

    [Fact]
    public async Task Outputs_filter_returns_only_the_named_output_and_nested_data_is_accepted()
    {
        var (status, body) = await _server.PostAsync("/v2/models/iris/infer",
            "{\"inputs\":[{\"name\":\"features\",\"shape\":[2,4],\"datatype\":\"FP32\",\"data\":[" + Row + "," + Row + "]}],\"outputs\":[{\"name\":\"label\"}]}");

        Assert.Equal(200, status);
        var output = Assert.Single(body!["outputs"]!.AsArray());
        Assert.Equal("label", output!["name"]!.GetValue<string>());
        Assert.Equal("INT64", output["datatype"]!.GetValue<string>());
        Assert.Equal("[0,0]", output["data"]!.ToJsonString());
    }

    [Fact]
    public async Task Random_and_mutated_bodies_never_get_a_500()
    {
        var random = new Random(1234);
        var valid = "{\"id\":\"x\",\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":" + Row + "}],\"outputs\":[{\"name\":\"label\"}]}";
        var alphabet = "{}[]\",:0123456789.-+eE truefalsnulNaN\\features shape datatype FP32 INT64 BYTES name data";
        for (var i = 0; i < 400; i++)
        {
            var chars = new StringBuilder(valid);
            var mutations = random.Next(1, 6);
            for (var m = 0; m < mutations; m++)
            {
                var at = random.Next(chars.Length);
                switch (random.Next(3))
                {
                    case 0: chars.Remove(at, 1); break;
                    case 1: chars.Insert(at, alphabet[random.Next(alphabet.Length)]); break;
                    default: chars[at] = alphabet[random.Next(alphabet.Length)]; break;
                }
            }

            var body = i % 10 == 0 ? new string(Enumerable.Range(0, random.Next(200)).Select(_ => (char)random.Next(32, 127)).ToArray()) : chars.ToString();
            var (status, response) = await _server.PostAsync("/v2/models/iris/infer", body);

            Assert.True(status is 200 or 400 or 413, $"body {body} got {status}");
            if (status != 200)
            {
                Assert.False(string.IsNullOrEmpty(response!["error"]!.GetValue<string>()));
            }
        }
    }

    [Fact]
    public async Task Byte_level_mutations_and_unicode_escapes_never_get_a_500()
    {
        var random = new Random(4321);
        var valid = Encoding.UTF8.GetBytes("{\"id\":\"x\",\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":" + Row + "}]}");
        string[] escapes = ["\\ud800", "\\udfff", "\\ud83d\\ude00", "\\u0000", "\\u00e9", "\\", "\\x", "\u00e9", "\ud83d\ude00"];
        for (var i = 0; i < 400; i++)
        {
            var bytes = new List<byte>(valid);
            for (var m = random.Next(1, 4); m > 0; m--)
            {
                var at = random.Next(bytes.Count);
                switch (random.Next(3))
                {
                    case 0: bytes[at] = (byte)random.Next(256); break;
                    case 1: bytes.InsertRange(at, Encoding.UTF8.GetBytes(escapes[random.Next(escapes.Length)])); break;
                    default: bytes.Insert(at, (byte)random.Next(0x80, 0x100)); break;
                }
            }

            using var content = new ByteArrayContent([.. bytes]);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            var path = i % 2 == 0 ? "/v2/models/iris/infer" : "/v1/models/iris:predict";
            using var response = await _server.Client.PostAsync(path, content);

            var status = (int)response.StatusCode;
            Assert.True(status is 200 or 400 or 413, $"{path}: body {Convert.ToHexString([.. bytes])} got {status}");
        }
    }
}
