using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Sluice.Testing.ApiServer.Protobuf;
using Sluice.Testing.ApiServer.Store;

namespace Sluice.Testing.ApiServer.Http;

/// <summary>Reading and writing JSON bodies the way the apiserver does.</summary>
internal static class HttpJson
{
    public static async Task WriteAsync(HttpContext ctx, int code, JsonNode body, CancellationToken ct)
    {
        ctx.Response.StatusCode = code;
        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync(body.ToJsonString(), Encoding.UTF8, ct);
    }

    public static Task WriteErrorAsync(HttpContext ctx, ApiException e, CancellationToken ct) => WriteAsync(ctx, e.Code, e.ToStatus(), ct);

    public static async Task<JsonNode> ReadAsync(HttpContext ctx, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await ctx.Request.Body.CopyToAsync(buffer, ct);
        if (buffer.Length == 0)
        {
            throw ApiException.BadRequest("the request body is empty");
        }
        var body = new ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);
        if (ctx.Request.ContentType?.Contains("protobuf", StringComparison.Ordinal) == true)
        {
            // kubectl's typed clients (create, run) send built-in kinds as protobuf; they are stored as the JSON they decode to.
            return ProtobufBody.Decode(body);
        }
        try
        {
            return JsonNode.Parse(body.Span) ?? throw ApiException.BadRequest("the request body is null");
        }
        catch (JsonException e)
        {
            throw ApiException.BadRequest($"the request body is not valid JSON: {e.Message}");
        }
    }

    public static async Task<JsonObject> ReadObjectAsync(HttpContext ctx, CancellationToken ct) =>
        await ReadAsync(ctx, ct) as JsonObject ?? throw ApiException.BadRequest("the request body must be a JSON object");
}
