using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Sluice.Serving.Models;
using Sluice.Serving.Protocol;

namespace Sluice.Serving.Tests;

/// <summary>The Utf8JsonReader fast path accepts only what the general parser accepts, and decodes it identically.</summary>
public sealed class FastParserTests : IAsyncLifetime
{
    private LoadedModel _model = null!;

    public async Task InitializeAsync()
    {
        var loader = new ModelLoader([new FileModelSource()], NullLogger<ModelLoader>.Instance, TimeSpan.FromSeconds(30), 0);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        _model = await loader.LoadAsync(new ModelSpec("iris", RunningServer.ModelPath("iris_mlp.onnx")), cts.Token);
    }

    public Task DisposeAsync()
    {
        _model.Dispose();
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("""{"inputs":[{"name":"features","shape":[1,4],"datatype":"FP32","data":[5.1,3.5,1.4,0.2]}]}""")]
    [InlineData("""{"id":"r1","parameters":{"a":[1,{"b":2}]},"inputs":[{"parameters":{},"data":[1,2,3,4,5,6,7,8],"datatype":"FP32","shape":[2,4],"name":"features","extra":{"x":1}}]}""")]
    [InlineData("""{"inputs":[{"name":"features","shape":[1,4],"datatype":"FP32","data":[1e-40,-3.4e38,0,1]}]}""")]
    public void Valid_requests_decode_as_the_general_parser_does(string body)
    {
        var fast = FastFp32RequestParser.TryParse(_model, Encoding.UTF8.GetBytes(body));
        using var document = JsonDocument.Parse(body);
        var general = InferenceRequestParser.Parse(_model, document.RootElement);

        Assert.NotNull(fast);
        Assert.Equal(general.Id, fast.Id);
        Assert.Equal(general.Outputs, fast.Outputs);
        Assert.Equal(general.Inputs.Count, fast.Inputs.Count);
        Assert.Equal(general.Inputs[0].Shape, fast.Inputs[0].Shape);
        Assert.Equal((float[])general.Inputs[0].Data, (float[])fast.Inputs[0].Data);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{")]
    [InlineData("""{"inputs":[{"name":"features","shape":[1,4],"datatype":"FP32","data":[5.1,3.5,1.4]}]}""")]
    [InlineData("""{"inputs":[{"name":"features","shape":[1,4],"datatype":"FP64","data":[5.1,3.5,1.4,0.2]}]}""")]
    [InlineData("""{"inputs":[{"name":"features","shape":[1,3],"datatype":"FP32","data":[5.1,3.5,1.4]}]}""")]
    [InlineData("""{"inputs":[{"name":"other","shape":[1,4],"datatype":"FP32","data":[5.1,3.5,1.4,0.2]}]}""")]
    [InlineData("""{"inputs":[{"name":"features","shape":[1,4],"datatype":"FP32","data":[[5.1,3.5,1.4,0.2]]}]}""")]
    [InlineData("""{"inputs":[{"name":"features","shape":[1,4],"datatype":"FP32","data":[5.1,3.5,1.4,"x"]}]}""")]
    [InlineData("""{"inputs":[{"name":"features","shape":[1,4],"datatype":"FP32","data":[5.1,3.5,1.4,1e39]}]}""")]
    [InlineData("""{"inputs":[{"name":"features","shape":[0,4],"datatype":"FP32","data":[]}]}""")]
    [InlineData("""{"inputs":[{"name":"features","shape":[9223372036854775807,9223372036854775807],"datatype":"FP32","data":[1,2,3,4]}]}""")]
    [InlineData("""{"inputs":[{"name":"features","name":"features","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]}]}""")]
    [InlineData("""{"inputs":[{"name":"features","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]}],"outputs":[{"name":"label"}]}""")]
    [InlineData("""{"inputs":[{"name":"features","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]}]} trailing""")]
    [InlineData("""{"id":7,"inputs":[{"name":"features","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]}]}""")]
    [InlineData("""{"parameters":[],"inputs":[{"name":"features","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]}]}""")]
    public void Anything_unusual_or_invalid_is_left_to_the_general_parser(string body)
    {
        Assert.Null(FastFp32RequestParser.TryParse(_model, Encoding.UTF8.GetBytes(body)));
    }
}
