using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Sluice.Testing.ApiServer.Patching;
using Sluice.Testing.ApiServer.Resources;
using Sluice.Testing.ApiServer.Schema;
using Sluice.Testing.ApiServer.Selection;
using Sluice.Testing.ApiServer.Store;

namespace Sluice.Testing.ApiServer.Http;

/// <summary>The verbs on a resource URL: get, list, create, update, patch, delete, deletecollection, and pods/log.</summary>
internal sealed class ResourceEndpoints(ObjectStore store, TimeProvider time, PodLogEndpoint logs)
{
    public async Task GetAsync(HttpContext ctx, ApiRoute r, CancellationToken ct)
    {
        if (r.Subresource == "log" && r.Type.Kind == "Pod")
        {
            await logs.WriteAsync(ctx, store.Get(r.Type, r.Ns, r.Name!) ?? throw ApiException.NotFound(r.Type.Plural, r.Type.Group, r.Name!), ct);
            return;
        }
        var obj = EventVersions.ToView(r.Type, store.Get(r.Type, r.Ns, r.Name!) ?? throw ApiException.NotFound(r.Type.Plural, r.Type.Group, r.Name!));
        obj["apiVersion"] = r.Type.ApiVersion;
        if (WantsTable(ctx))
        {
            await HttpJson.WriteAsync(ctx, 200, TableBuilder.Build(r.Type, [obj], Meta.Str(obj, "resourceVersion"), ctx.Request.Query["includeObject"], time.GetUtcNow()), ct);
            return;
        }
        await HttpJson.WriteAsync(ctx, 200, obj, ct);
    }

    public async Task ListAsync(HttpContext ctx, ApiRoute r, CancellationToken ct)
    {
        var q = ctx.Request.Query;
        var (items, rv) = Filtered(r, q);
        var limit = int.TryParse(q["limit"], out var l) && l > 0 ? l : int.MaxValue;
        string? continueToken = q["continue"];
        if (!string.IsNullOrEmpty(continueToken))
        {
            var after = ContinueKey(continueToken);
            items = items.Where(i => string.CompareOrdinal(Key(i), after) > 0).ToList();
        }
        var meta = new JsonObject { ["resourceVersion"] = rv.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (items.Count > limit)
        {
            var page = items.Take(limit).ToList();
            meta["continue"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(Key(page[^1])));
            meta["remainingItemCount"] = items.Count - limit;
            items = page;
        }
        foreach (var i in items)
        {
            i["apiVersion"] = r.Type.ApiVersion;
        }
        if (WantsTable(ctx))
        {
            var table = TableBuilder.Build(r.Type, items, meta["resourceVersion"]!.GetValue<string>(), q["includeObject"], time.GetUtcNow());
            ((JsonObject)table["metadata"]!)["continue"] = meta["continue"]?.DeepClone();
            await HttpJson.WriteAsync(ctx, 200, table, ct);
            return;
        }
        var list = new JsonObject
        {
            ["kind"] = r.Type.Kind + "List",
            ["apiVersion"] = r.Type.ApiVersion,
            ["metadata"] = meta,
            ["items"] = new JsonArray([.. items]),
        };
        await HttpJson.WriteAsync(ctx, 200, list, ct);
    }

    public async Task CreateAsync(HttpContext ctx, ApiRoute r, CancellationToken ct)
    {
        var body = await HttpJson.ReadObjectAsync(ctx, ct);
        CheckKind(r, body);
        CheckNamespace(r, body);
        body = EventVersions.ToStorage(r.Type, body);
        var warnings = Admit(ctx, r, body, null, WriteScope.Main);
        AddWarnings(ctx, warnings);
        if (IsDryRun(ctx))
        {
            await HttpJson.WriteAsync(ctx, 201, body, ct);
            return;
        }
        var created = EventVersions.ToView(r.Type, store.Create(r.Type, r.Ns, body));
        created["apiVersion"] = r.Type.ApiVersion;
        await HttpJson.WriteAsync(ctx, 201, created, ct);
    }

    public async Task UpdateAsync(HttpContext ctx, ApiRoute r, CancellationToken ct)
    {
        var body = await HttpJson.ReadObjectAsync(ctx, ct);
        CheckKind(r, body);
        CheckNamespace(r, body);
        body = EventVersions.ToStorage(r.Type, body);
        var scope = ScopeOf(r);
        var current = store.Get(r.Type, r.Ns, r.Name!) ?? throw ApiException.NotFound(r.Type.Plural, r.Type.Group, r.Name!);
        AddWarnings(ctx, Admit(ctx, r, body, current, scope));
        if (IsDryRun(ctx))
        {
            await HttpJson.WriteAsync(ctx, 200, body, ct);
            return;
        }
        var updated = EventVersions.ToView(r.Type, store.Replace(r.Type, r.Ns, r.Name!, body, scope));
        updated["apiVersion"] = r.Type.ApiVersion;
        await HttpJson.WriteAsync(ctx, 200, updated, ct);
    }

    public async Task PatchAsync(HttpContext ctx, ApiRoute r, CancellationToken ct)
    {
        var contentType = ctx.Request.ContentType ?? "";
        var patch = await HttpJson.ReadAsync(ctx, ct);
        var scope = ScopeOf(r);
        List<string> warnings = [];
        JsonObject Transform(JsonObject stored)
        {
            var current = EventVersions.ToView(r.Type, stored);
            JsonNode? result;
            if (contentType.StartsWith("application/json-patch+json", StringComparison.Ordinal))
            {
                result = JsonPatch.Apply(current, patch as JsonArray ?? throw ApiException.BadRequest("a json patch must be a JSON array"));
            }
            else if (contentType.StartsWith("application/merge-patch+json", StringComparison.Ordinal))
            {
                result = MergePatch.Apply(current, patch);
            }
            else if (contentType.StartsWith("application/strategic-merge-patch+json", StringComparison.Ordinal))
            {
                if (r.Type.IsCustom)
                {
                    throw new ApiException(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml");
                }
                result = StrategicMergePatch.Apply(current, patch);
            }
            else
            {
                throw new ApiException(415, "UnsupportedMediaType",
                    $"the body of the request was in an unknown format ({contentType}) - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json (server-side apply is not supported by this test server)");
            }
            var obj = EventVersions.ToStorage(r.Type, result as JsonObject ?? throw ApiException.BadRequest("the patched object is not a JSON object"));
            warnings = Admit(ctx, r, obj, current, scope);
            return obj;
        }
        if (IsDryRun(ctx))
        {
            var current = store.Get(r.Type, r.Ns, r.Name!) ?? throw ApiException.NotFound(r.Type.Plural, r.Type.Group, r.Name!);
            await HttpJson.WriteAsync(ctx, 200, EventVersions.ToView(r.Type, Transform(current)), ct);
            return;
        }
        var updated = EventVersions.ToView(r.Type, store.Mutate(r.Type, r.Ns, r.Name!, Transform, scope));
        AddWarnings(ctx, warnings);
        updated["apiVersion"] = r.Type.ApiVersion;
        await HttpJson.WriteAsync(ctx, 200, updated, ct);
    }

    public async Task DeleteAsync(HttpContext ctx, ApiRoute r, CancellationToken ct)
    {
        var (policy, preRv, preUid, grace) = await DeleteOptionsAsync(ctx, ct);
        if (IsDryRun(ctx))
        {
            var obj = store.Get(r.Type, r.Ns, r.Name!) ?? throw ApiException.NotFound(r.Type.Plural, r.Type.Group, r.Name!);
            await HttpJson.WriteAsync(ctx, 200, obj, ct);
            return;
        }
        var (stored, gone) = store.Delete(r.Type, r.Ns, r.Name!, policy, preRv, preUid, grace);
        var result = EventVersions.ToView(r.Type, stored);
        result["apiVersion"] = r.Type.ApiVersion;
        await HttpJson.WriteAsync(ctx, gone ? 200 : 202, result, ct);
    }

    public async Task DeleteCollectionAsync(HttpContext ctx, ApiRoute r, CancellationToken ct)
    {
        var (policy, _, _, grace) = await DeleteOptionsAsync(ctx, ct);
        var (items, _) = Filtered(r, ctx.Request.Query);
        var deleted = new JsonArray();
        foreach (var item in items)
        {
            try
            {
                deleted.Add(store.Delete(r.Type, Meta.Str(item, "namespace"), Meta.Name(item), policy, gracePeriodSeconds: grace).Obj);
            }
            catch (ApiException e) when (e.Code == 404)
            {
                // Already removed by garbage collection of an earlier item.
            }
        }
        await HttpJson.WriteAsync(ctx, 200, new JsonObject
        {
            ["kind"] = r.Type.Kind + "List", ["apiVersion"] = r.Type.ApiVersion,
            ["metadata"] = new JsonObject { ["resourceVersion"] = store.CurrentRv.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            ["items"] = deleted,
        }, ct);
    }

    internal (List<JsonObject> Items, long Rv) Filtered(ApiRoute r, IQueryCollection q)
    {
        var labels = LabelSelector.Parse(q["labelSelector"]);
        var fields = FieldSelector.Parse(q["fieldSelector"]);
        var (items, rv) = store.List(r.Type, r.Type.Namespaced ? r.Namespace : null);
        return (items.Select(i => EventVersions.ToView(r.Type, i)).Where(i => labels.Matches(i) && fields.Matches(i)).ToList(), rv);
    }

    private static List<string> Admit(HttpContext ctx, ApiRoute r, JsonObject obj, JsonObject? current, WriteScope scope)
    {
        if (!r.Type.IsCustom || r.Type.Schema is null)
        {
            return [];
        }
        var strict = ctx.Request.Query["fieldValidation"] == "Strict";
        var name = Meta.Name(obj).Length > 0 ? Meta.Name(obj) : Meta.Name(current ?? obj);
        return SchemaProcessor.Process(r.Type, r.Type.Schema, obj, name, strict, scope == WriteScope.Status);
    }

    private static void AddWarnings(HttpContext ctx, List<string> warnings)
    {
        foreach (var w in warnings)
        {
            ctx.Response.Headers.Append("Warning", $"299 - \"{w.Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
        }
    }

    private static WriteScope ScopeOf(ApiRoute r) => r.Subresource switch
    {
        null => WriteScope.Main,
        "status" when r.Type.HasStatus => WriteScope.Status,
        _ => throw new ApiException(404, "NotFound", $"the server could not find the requested resource ({r.Type.Plural}/{r.Subresource})"),
    };

    private static bool WantsTable(HttpContext ctx) =>
        ctx.Request.Headers.Accept.ToString().Split(',').FirstOrDefault()?.Contains("as=Table", StringComparison.Ordinal) == true;

    private static bool IsDryRun(HttpContext ctx) => ctx.Request.Query["dryRun"] == "All";

    private static void CheckKind(ApiRoute r, JsonObject body)
    {
        var kind = body["kind"]?.GetValue<string>();
        if (kind is not null && kind != r.Type.Kind)
        {
            throw ApiException.BadRequest($"the API version in the data ({body["apiVersion"]}) does not match the expected API version ({r.Type.ApiVersion}) or kind {kind} is not {r.Type.Kind}");
        }
    }

    private static void CheckNamespace(ApiRoute r, JsonObject body)
    {
        var ns = Meta.Str(body, "namespace");
        if (r.Type.Namespaced && ns.Length > 0 && ns != r.Namespace)
        {
            throw ApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }
    }

    private static async Task<(Propagation?, string?, string?, long?)> DeleteOptionsAsync(HttpContext ctx, CancellationToken ct)
    {
        string? policyText = ctx.Request.Query["propagationPolicy"];
        string? rv = null, uid = null;
        long? grace = null;
        if (ctx.Request.Query["gracePeriodSeconds"] is { Count: > 0 } g)
        {
            grace = long.TryParse(g[0], System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : throw ApiException.BadRequest($"gracePeriodSeconds: \"{g[0]}\" is not an integer");
        }
        if (ctx.Request.ContentLength > 0 || ctx.Request.Headers.TransferEncoding.Count > 0)
        {
            using var reader = new StreamReader(ctx.Request.Body, Encoding.UTF8);
            var text = await reader.ReadToEndAsync(ct);
            if (text.Length > 0 && JsonNode.Parse(text) is JsonObject opts)
            {
                policyText = opts["propagationPolicy"]?.GetValue<string>() ?? policyText;
                if (opts["orphanDependents"]?.GetValue<bool>() == true)
                {
                    policyText ??= "Orphan";
                }
                rv = opts["preconditions"]?["resourceVersion"]?.GetValue<string>();
                uid = opts["preconditions"]?["uid"]?.GetValue<string>();
                grace = (long?)Meta.Number(opts["gracePeriodSeconds"]) ?? grace;
            }
        }
        Propagation? policy = policyText switch
        {
            null or "" => null,
            "Background" => Propagation.Background,
            "Foreground" => Propagation.Foreground,
            "Orphan" => Propagation.Orphan,
            _ => throw ApiException.BadRequest($"propagationPolicy \"{policyText}\" is not one of Background, Foreground, Orphan"),
        };
        return (policy, rv, uid, grace);
    }

    private static string Key(JsonObject o) => Meta.Str(o, "namespace") + "/" + Meta.Name(o);

    private static string ContinueKey(string token)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(token));
        }
        catch (FormatException)
        {
            throw ApiException.BadRequest("the provided continue parameter is invalid");
        }
    }
}
