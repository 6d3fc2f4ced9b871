using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
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
        using var reader = new StreamReader(ctx.Request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(ct);
        if (text.Length == 0)
        {
            throw ApiException.BadRequest("the request body is empty");
        }
        if (ctx.Request.ContentType?.Contains("protobuf", StringComparison.Ordinal) == true)
        {
            throw new ApiException(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media types include: application/json (this test server does not decode protobuf bodies, which kubectl create and kubectl run send; use kubectl apply -f)");
        }
        try
        {
            return JsonNode.Parse(text) ?? throw ApiException.BadRequest("the request body is null");
        }
        catch (JsonException e)
        {
            throw ApiException.BadRequest($"the request body is not valid JSON: {e.Message}");
        }
    }

    public static async Task<JsonObject> ReadObjectAsync(HttpContext ctx, CancellationToken ct) =>
        await ReadAsync(ctx, ct) as JsonObject ?? throw ApiException.BadRequest("the request body must be a JSON object");
}
