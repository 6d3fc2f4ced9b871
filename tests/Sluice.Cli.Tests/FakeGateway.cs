using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using Sluice.Testing.ApiServer;

namespace Sluice.Cli.Tests;

/// <summary>
/// What a Gateway API implementation does with the HTTPRoutes of one namespace, reduced to what a canary needs: for
/// each new generation of a route it starts routing by its weights, then reports the generation accepted
/// (status.parents[].conditions Accepted at that observedGeneration, as a conformant gateway reports).
/// <see cref="Pick"/> chooses the backend Service of the first rule for one request, in proportion to the weights.
/// Acceptance can be held, to see that a rollout waits for it. Every accepted set of weights is kept, in order.
/// Disposing stops it.
/// </summary>
internal sealed class FakeGateway : IAsyncDisposable
{
    private readonly ProcessCluster cluster;
    private readonly string parent;
    private readonly CancellationTokenSource stop;
    private readonly Task loop;
    private readonly Lock gate = new();
    private readonly List<IReadOnlyDictionary<string, int>> accepted = [];
    private IReadOnlyDictionary<string, int> serving = new Dictionary<string, int>();
    private volatile bool held;

    private FakeGateway(ProcessCluster cluster, string parent)
    {
        this.cluster = cluster;
        this.parent = parent;
        stop = CancellationTokenSource.CreateLinkedTokenSource(cluster.Token);
        loop = Task.Run(() => RunAsync(stop.Token));
    }

    /// <summary>Every set of first-rule weights accepted so far, oldest first.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, int>> Accepted
    {
        get
        {
            lock (gate)
            {
                return [.. accepted];
            }
        }
    }

    public static FakeGateway Start(ProcessCluster cluster, string parent) => new(cluster, parent);

    public void Hold() => held = true;

    public void Release() => held = false;

    /// <summary>The backend Service of one request, by the accepted weights; the model's Service before any.</summary>
    public string Pick(string fallback)
    {
        var weights = serving;
        var total = weights.Values.Sum();
        if (total == 0)
        {
            return fallback;
        }

        var ticket = Random.Shared.Next(total);
        foreach (var (service, weight) in weights)
        {
            if ((ticket -= weight) < 0)
            {
                return service;
            }
        }

        return fallback;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await loop;
        }
        catch (OperationCanceledException)
        {
        }

        stop.Dispose();
    }

    private async Task RunAsync(CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            await Task.Delay(100, token);
            if (held)
            {
                continue;
            }

            var list = await cluster.Client.CustomObjects.ListNamespacedCustomObjectAsync<JsonElement>("gateway.networking.k8s.io", "v1", "default", "httproutes",
                cancellationToken: token);
            foreach (var item in list.GetProperty("items").EnumerateArray())
            {
                var route = JsonNode.Parse(item.GetRawText())!.AsObject();
                var generation = route["metadata"]!["generation"]!.GetValue<long>();
                var conditions = route["status"]?["parents"]?[0]?["conditions"] as JsonArray;
                if (conditions?.OfType<JsonObject>().Any(c => c["type"]?.ToString() == "Accepted" && c["observedGeneration"]?.GetValue<long>() == generation) == true)
                {
                    continue;
                }

                var weights = (route["spec"]?["rules"]?[0]?["backendRefs"] as JsonArray ?? []).OfType<JsonObject>()
                    .ToDictionary(b => b["name"]!.GetValue<string>(), b => b["weight"]?.GetValue<int>() ?? 1, StringComparer.Ordinal);
                // The data plane first, then the report: once a route says Accepted, requests follow its weights.
                lock (gate)
                {
                    accepted.Add(weights);
                    serving = weights;
                }

                route["status"] = new JsonObject
                {
                    ["parents"] = new JsonArray(new JsonObject
                    {
                        ["parentRef"] = new JsonObject { ["name"] = parent },
                        ["controllerName"] = "example.com/fake-gateway",
                        ["conditions"] = new JsonArray(new JsonObject
                        {
                            ["type"] = "Accepted",
                            ["status"] = "True",
                            ["reason"] = "Accepted",
                            ["message"] = "route accepted",
                            ["observedGeneration"] = generation,
                            ["lastTransitionTime"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                        }),
                    }),
                };
                using var body = JsonDocument.Parse(route.ToJsonString());
                try
                {
                    await cluster.Client.CustomObjects.ReplaceNamespacedCustomObjectStatusAsync(body.RootElement, "gateway.networking.k8s.io", "v1", "default", "httproutes",
                        route["metadata"]!["name"]!.GetValue<string>(), cancellationToken: token);
                }
                catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict)
                {
                    // A newer generation arrived meanwhile: the next round routes by it and reports that one.
                }
            }
        }
    }
}
