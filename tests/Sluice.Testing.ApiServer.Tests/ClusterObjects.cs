using System.Text.Json.Nodes;

namespace Sluice.Testing.ApiServer.Tests;

/// <summary>Pods and Services created through the API, pod status set through /status as a kubelet would, and polling with the test's deadline.</summary>
internal static class ClusterObjects
{
    public const string Namespace = "/api/v1/namespaces/default";

    public static async Task<JsonObject> ServiceAsync(RawApi api, string name, JsonObject? selector, JsonArray ports, CancellationToken ct, JsonObject? extraSpec = null)
    {
        var spec = new JsonObject { ["ports"] = ports, ["ipFamilies"] = new JsonArray("IPv4") };
        if (selector is not null)
        {
            spec["selector"] = selector;
        }
        foreach (var (key, value) in extraSpec ?? [])
        {
            spec[key] = value?.DeepClone();
        }
        var (code, body) = await api.PostAsync($"{Namespace}/services", new JsonObject { ["metadata"] = new JsonObject { ["name"] = name }, ["spec"] = spec }, ct);
        Assert.True(code == 201, body.ToJsonString());
        return body;
    }

    /// <summary>A pod with one container "app" whose ports are given as (name, containerPort); name null for an unnamed port.</summary>
    public static async Task<JsonObject> PodAsync(RawApi api, string name, string app, CancellationToken ct, params (string? Name, int Port)[] ports)
    {
        var containerPorts = new JsonArray([.. ports.Select(p => (JsonNode?)(p.Name is null
            ? new JsonObject { ["containerPort"] = p.Port }
            : new JsonObject { ["name"] = p.Name, ["containerPort"] = p.Port }))]);
        var pod = new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["app"] = app } },
            ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = "app:1", ["ports"] = containerPorts }) },
        };
        var (code, body) = await api.PostAsync($"{Namespace}/pods", pod, ct);
        Assert.True(code == 201, body.ToJsonString());
        return body;
    }

    /// <summary>Sets phase, podIP/podIPs and the Ready condition through the status subresource.</summary>
    public static async Task SetStatusAsync(RawApi api, string pod, string ip, bool ready, CancellationToken ct, string phase = "Running")
    {
        var status = new JsonObject
        {
            ["phase"] = phase,
            ["podIP"] = ip,
            ["podIPs"] = new JsonArray(new JsonObject { ["ip"] = ip }),
            ["conditions"] = new JsonArray(new JsonObject
            {
                ["type"] = "Ready", ["status"] = ready ? "True" : "False", ["lastTransitionTime"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            }),
        };
        var (code, body) = await api.PatchAsync($"{Namespace}/pods/{pod}/status", new JsonObject { ["status"] = status }, ct: ct);
        Assert.True(code == 200, body.ToJsonString());
    }

    /// <summary>GETs <paramref name="path"/> until <paramref name="until"/> holds (404 counts as no object); fails at the deadline.</summary>
    public static async Task<JsonObject?> WaitAsync(RawApi api, string path, Func<JsonObject?, bool> until, CancellationToken ct)
    {
        while (true)
        {
            var (code, body) = await api.GetAsync(path, ct);
            var obj = code == 200 ? body : null;
            if (until(obj))
            {
                return obj;
            }
            await Task.Delay(20, ct);
        }
    }

    /// <summary>The managed EndpointSlices of a Service.</summary>
    public static async Task<List<JsonObject>> SlicesAsync(RawApi api, string service, CancellationToken ct)
    {
        var (code, body) = await api.GetAsync($"/apis/discovery.k8s.io/v1/namespaces/default/endpointslices?labelSelector=kubernetes.io/service-name={service}", ct);
        Assert.Equal(200, code);
        return (body["items"] as JsonArray ?? []).OfType<JsonObject>().ToList();
    }

    /// <summary>Waits until the Service's slices satisfy <paramref name="until"/>.</summary>
    public static async Task<List<JsonObject>> WaitSlicesAsync(RawApi api, string service, Func<List<JsonObject>, bool> until, CancellationToken ct)
    {
        while (true)
        {
            var slices = await SlicesAsync(api, service, ct);
            if (until(slices))
            {
                return slices;
            }
            await Task.Delay(20, ct);
        }
    }

    public static List<string> Ips(JsonNode? addresses) => (addresses as JsonArray ?? []).Select(a => a?["ip"]?.GetValue<string>() ?? "").ToList();

    public static JsonArray Ports(params (string Name, int Port, JsonNode TargetPort)[] ports) =>
        new([.. ports.Select(p => (JsonNode?)new JsonObject { ["name"] = p.Name, ["port"] = p.Port, ["targetPort"] = p.TargetPort.DeepClone() })]);
}
