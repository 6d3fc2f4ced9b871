#:sdk Microsoft.NET.Sdk.Web
#:property TreatWarningsAsErrors=true
#:property InvariantGlobalization=true

// The HTTP ceiling: the same web stack as `sluice serve` (Kestrel, minimal APIs, slim builder, loopback),
// reading the same request body and returning a fixed v2 response, with no model behind it.
using System.Net;

var port = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 18200;
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(k =>
{
    k.AddServerHeader = false;
    k.Listen(IPAddress.Loopback, port);
});
var app = builder.Build();
var body = """{"model_name":"bc","model_version":"1","outputs":[{"name":"probability","datatype":"FP32","shape":[1,1],"data":[0.5]}]}"""u8.ToArray();
app.MapPost("/v2/models/{name}/infer", async (HttpContext c) =>
{
    // Drain the body like the real server does, so only inference and validation differ.
    while (true)
    {
        var read = await c.Request.BodyReader.ReadAsync();
        c.Request.BodyReader.AdvanceTo(read.Buffer.End);
        if (read.IsCompleted)
        {
            break;
        }
    }

    c.Response.ContentType = "application/json";
    await c.Response.Body.WriteAsync(body);
});
app.Run();
