using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Sluice.Testing.ApiServer.Patching;
using Sluice.Testing.ApiServer.Selection;
using Sluice.Testing.ApiServer.Store;

namespace Sluice.Testing.ApiServer.Http;

/// <summary>
/// The autoscaling/v1 Scale subresource of Deployments and ReplicaSets: a view of spec.replicas, status.replicas
/// and the selector, written through to the object's spec.replicas (`kubectl scale`, HPA-style clients).
/// </summary>
internal sealed class ScaleEndpoint(ObjectStore store)
{
    public async Task HandleAsync(HttpContext ctx, ApiRoute r, string verb, CancellationToken ct)
    {
        var current = store.Get(r.Type, r.Ns, r.Name!) ?? throw ApiException.NotFound(r.Type.Plural, r.Type.Group, r.Name!);
        switch (verb)
        {
            case "get":
                await HttpJson.WriteAsync(ctx, 200, ScaleOf(current), ct);
                return;
            case "update":
                var body = await HttpJson.ReadObjectAsync(ctx, ct);
                await HttpJson.WriteAsync(ctx, 200, Write(r, body), ct);
                return;
            case "patch":
                var contentType = ctx.Request.ContentType ?? "";
                var patch = await HttpJson.ReadAsync(ctx, ct);
                var scale = ScaleOf(current);
                var patched = contentType.StartsWith("application/json-patch+json", StringComparison.Ordinal)
                    ? JsonPatch.Apply(scale, patch as JsonArray ?? throw ApiException.BadRequest("a json patch must be a JSON array"))
                    : contentType.StartsWith("application/strategic-merge-patch+json", StringComparison.Ordinal)
                        ? StrategicMergePatch.Apply(scale, patch)
                        : MergePatch.Apply(scale, patch);
                await HttpJson.WriteAsync(ctx, 200, Write(r, patched as JsonObject ?? throw ApiException.BadRequest("the patched Scale is not a JSON object")), ct);
                return;
            default:
                throw new ApiException(405, "MethodNotAllowed", $"the server does not allow this method on the requested resource ({r.Type.Plural}/scale)");
        }
    }

    private JsonObject Write(ApiRoute r, JsonObject scale)
    {
        var replicas = Meta.Number(scale["spec"]?["replicas"]);
        if (replicas is not { } n || n < 0 || n != Math.Floor(n))
        {
            throw ApiException.Invalid("Scale", "autoscaling", r.Name!, [("spec.replicas", "FieldValueInvalid", $"Invalid value: {scale["spec"]?["replicas"]?.ToJsonString() ?? "null"}: must be a non-negative integer")]);
        }
        var givenRv = Meta.Str(scale, "resourceVersion");
        var updated = store.Mutate(r.Type, r.Ns, r.Name!, obj =>
        {
            if (givenRv.Length > 0 && givenRv != Meta.Str(obj, "resourceVersion"))
            {
                throw ApiException.Conflict($"{r.Type.Plural}", r.Type.Group, r.Name!);
            }
            var spec = obj["spec"] as JsonObject ?? [];
            spec["replicas"] = (long)n;
            obj["spec"] = spec;
            return obj;
        }, WriteScope.Main);
        return ScaleOf(store.Get(r.Type, r.Ns, r.Name!) ?? updated);
    }

    private static JsonObject ScaleOf(JsonObject obj)
    {
        var meta = Meta.Of(obj);
        var scaleMeta = new JsonObject();
        foreach (var key in new[] { "name", "namespace", "uid", "resourceVersion", "creationTimestamp" })
        {
            if (meta[key] is { } value)
            {
                scaleMeta[key] = value.DeepClone();
            }
        }
        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = scaleMeta,
            ["spec"] = new JsonObject { ["replicas"] = (long)(Meta.Number(obj["spec"]?["replicas"]) ?? 1) },
            ["status"] = new JsonObject
            {
                ["replicas"] = (long)(Meta.Number(obj["status"]?["replicas"]) ?? 0),
                ["selector"] = LabelSelectorText.Of(obj["spec"]?["selector"] as JsonObject),
            },
        };
    }
}
