using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using Sluice.Core.Rollout;

namespace Sluice.Operator.Serving;

/// <summary>
/// The HTTPRoute (gateway.networking.k8s.io/v1) a model's versions are weighted on, read and written whole: the
/// route is the user's (in git), Sluice edits only the weights of the backendRefs that name the model's Services, in
/// every rule that names one, and leaves every other rule, backend, filter and field as it is. A backendRef to the
/// model's own Service (what a person writes first) counts as the model's and is replaced by the versions' Services.
/// Written with the resourceVersion it was read at (a full update: backendRefs are an atomic list), so a change a
/// person made meanwhile is never overwritten; the conflict retries the pass.
/// </summary>
internal sealed class GatewayRoutes(IKubernetes client)
{
    public const string Group = "gateway.networking.k8s.io";
    public const string Version = "v1";
    public const string Plural = "httproutes";

    /// <summary>The route as read, its rules that name the model's Services, and what it gives the model's versions.</summary>
    public sealed record LiveRoute(JsonObject? Object, IReadOnlyList<ManagedRule> Rules, RouteView View, IReadOnlyDictionary<string, string> Services);

    /// <summary>A rule of the route with at least one backendRef to the model's Services, its backendRefs read.</summary>
    internal sealed record ManagedRule(JsonObject Rule, JsonArray Array, List<Backend> Backends);

    /// <summary>One backendRef: its JSON, the version it names (null when not one of the model's) and its weight.</summary>
    internal sealed record Backend(JsonNode Node, string? Key, int Weight);

    public async Task<LiveRoute> ReadAsync(string ns, string name, string model, IEnumerable<string> versions, CancellationToken cancellationToken)
    {
        var services = versions.ToDictionary(ServingNames.Version, v => v, StringComparer.Ordinal);
        services.TryAdd(ServingNames.Model(model), ModelKey(model));
        JsonObject route;
        try
        {
            var read = await client.CustomObjects.GetNamespacedCustomObjectAsync<JsonElement>(Group, Version, ns, Plural, name, cancellationToken).ConfigureAwait(false);
            route = JsonNode.Parse(read.GetRawText())!.AsObject();
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return new LiveRoute(null, [], new RouteView(name, new Dictionary<string, int>(), false,
                $"HTTPRoute {name} not found in namespace {ns} (spec.rollout.trafficRouting.gatewayAPI.httpRoute)"), services);
        }

        var rules = ManagedRules(route, ns, services).ToList();
        if (rules.Count == 0)
        {
            return new LiveRoute(route, rules, new RouteView(name, new Dictionary<string, int>(), false,
                $"HTTPRoute {name} has no backendRef to the model's Services ({string.Join(", ", services.Keys.Order(StringComparer.Ordinal))}): add one to the rule that should carry the model's traffic"), services);
        }

        var weights = rules[0].Backends.Where(b => b.Key is not null).GroupBy(b => b.Key!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Weight, StringComparer.Ordinal);
        var generation = route["metadata"]?["generation"]?.GetValue<long>() ?? 0;
        var (accepted, message) = RouteAcceptance.Of(name, generation, Parents(route));
        return new LiveRoute(route, rules, new RouteView(name, weights, accepted, message), services);
    }

    /// <summary>Writes the desired weights when they differ from the route's; false when nothing was written.</summary>
    public async Task<bool> WriteAsync(LiveRoute live, IReadOnlyDictionary<string, int> desired, string ns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(live);
        if (live.Object is not { } route || live.Rules.Count == 0)
        {
            return false;
        }

        var changed = false;
        var serviceOf = live.Services.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);
        foreach (var rule in live.Rules)
        {
            var next = RouteWeights.Rule([.. rule.Backends.Where(b => b.Key is not null).Select(b => (b.Key!, b.Weight))], desired, live.View.Accepted);
            if (next is null)
            {
                continue;
            }

            var refs = new JsonArray();
            var written = new HashSet<string>(StringComparer.Ordinal);
            var weights = next.ToDictionary(n => n.Version, n => n.Weight, StringComparer.Ordinal);
            foreach (var backend in rule.Backends)
            {
                if (backend.Key is null)
                {
                    refs.Add(backend.Node.DeepClone());
                }
                else if (weights.TryGetValue(backend.Key, out var weight) && written.Add(backend.Key))
                {
                    // In place, keeping its other fields (filters, port); a second ref to the same version goes.
                    var copy = backend.Node.DeepClone().AsObject();
                    copy["weight"] = weight;
                    refs.Add(copy);
                }
            }

            foreach (var (version, weight) in next.Where(n => written.Add(n.Version)))
            {
                refs.Add(new JsonObject { ["name"] = serviceOf[version], ["port"] = ServingServiceBuilder.Port, ["weight"] = weight });
            }

            if (!JsonNode.DeepEquals(refs, rule.Array))
            {
                rule.Rule["backendRefs"] = refs;
                changed = true;
            }
        }

        if (!changed)
        {
            return false;
        }

        var name = route["metadata"]!["name"]!.GetValue<string>();
        using var body = JsonDocument.Parse(route.ToJsonString());
        await client.CustomObjects.ReplaceNamespacedCustomObjectAsync(body.RootElement, Group, Version, ns, Plural, name,
            fieldManager: OperatorIdentity.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>The key of the model's own Service among version names: not a ModelVersion name, which has no slash.</summary>
    public static string ModelKey(string model) => "service/" + model;

    private static IEnumerable<ManagedRule> ManagedRules(JsonObject route, string ns, IReadOnlyDictionary<string, string> services)
    {
        foreach (var rule in (route["spec"]?["rules"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (rule["backendRefs"] is not JsonArray refs)
            {
                continue;
            }

            var backends = refs.OfType<JsonObject>().Select(b => new Backend(b, KeyOf(b, ns, services), b["weight"] is { } w ? w.GetValue<int>() : 1)).ToList();
            if (backends.Any(b => b.Key is not null))
            {
                yield return new ManagedRule(rule, refs, backends);
            }
        }
    }

    /// <summary>The version a backendRef names: a core Service of the route's namespace that is one of the model's.</summary>
    private static string? KeyOf(JsonObject backend, string ns, IReadOnlyDictionary<string, string> services) =>
        (backend["group"]?.GetValue<string>() ?? "") == "" && (backend["kind"]?.GetValue<string>() ?? "Service") == "Service"
        && (backend["namespace"]?.GetValue<string>() ?? ns) == ns && backend["name"]?.GetValue<string>() is { } name
        && services.TryGetValue(name, out var version) ? version : null;

    private static List<RouteParent> Parents(JsonObject route) =>
        [.. (route["status"]?["parents"] as JsonArray ?? []).OfType<JsonObject>().Select(p =>
        {
            var accepted = (p["conditions"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(c => c["type"]?.ToString() == "Accepted");
            var parent = p["parentRef"]?["name"]?.ToString() ?? "?";
            return new RouteParent(parent, accepted?["status"]?.ToString(), accepted?["reason"]?.ToString(), accepted?["message"]?.ToString(),
                accepted?["observedGeneration"] is { } g ? long.Parse(g.ToString(), CultureInfo.InvariantCulture) : null);
        })];
}
