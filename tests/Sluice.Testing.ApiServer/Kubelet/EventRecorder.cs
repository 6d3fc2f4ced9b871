using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Sluice.Testing.ApiServer.Resources;
using Sluice.Testing.ApiServer.Store;

namespace Sluice.Testing.ApiServer.Kubelet;

/// <summary>
/// core/v1 Events as client-go's recorder writes them: a repeat of the same reason and message on the same object
/// raises count and lastTimestamp of the first one instead of writing a new Event.
/// </summary>
internal sealed class EventRecorder(ObjectStore store, ResourceRegistry registry, TimeProvider time, string component, string host)
{
    private readonly ConcurrentDictionary<string, string> names = new();

    /// <summary>Records an Event on a pod, from the kubelet unless <paramref name="from"/> names another component (the scheduler).</summary>
    public void Pod(JsonObject pod, string? container, string type, string reason, string message, string? from = null)
    {
        var source = from ?? component;
        var ns = Meta.Str(pod, "namespace");
        var key = $"{Meta.Uid(pod)}/{container}/{reason}/{message}";
        var events = registry.Find("", "v1", "events")!;
        var now = Meta.Timestamp(time.GetUtcNow());
        try
        {
            if (names.TryGetValue(key, out var existing) && store.Get(events, ns, existing) is not null)
            {
                store.Mutate(events, ns, existing, e =>
                {
                    e["count"] = (long)(Meta.Number(e["count"]) ?? 1) + 1;
                    e["lastTimestamp"] = now;
                    return e;
                }, WriteScope.All);
                return;
            }

            var name = $"{Meta.Name(pod)}.{time.GetUtcNow().ToUnixTimeMilliseconds() * 1_000_000 + Random.Shared.Next(1_000_000):x}";
            store.Create(events, ns, new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = name },
                ["involvedObject"] = new JsonObject
                {
                    ["kind"] = "Pod", ["namespace"] = ns, ["name"] = Meta.Name(pod), ["uid"] = Meta.Uid(pod), ["apiVersion"] = "v1",
                    ["resourceVersion"] = Meta.Str(pod, "resourceVersion"),
                    ["fieldPath"] = container is null ? null : $"spec.containers{{{container}}}",
                },
                ["reason"] = reason,
                ["message"] = message,
                ["source"] = from is null ? new JsonObject { ["component"] = component, ["host"] = host } : new JsonObject { ["component"] = from },
                ["firstTimestamp"] = now,
                ["lastTimestamp"] = now,
                ["count"] = 1,
                ["type"] = type,
                ["eventTime"] = null,
                ["reportingComponent"] = source,
                ["reportingInstance"] = from is null ? host : "",
            });
            names[key] = name;
        }
        catch (ApiException)
        {
            // The namespace is going away; an event is best effort, as in client-go.
        }
    }

    /// <summary>Formats a duration as Go's time.Duration prints whole seconds and minutes (10s, 1m20s, 5m0s).</summary>
    public static string GoDuration(TimeSpan d) => d.TotalSeconds < 60
        ? ((int)d.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s"
        : $"{(int)d.TotalMinutes}m{d.Seconds}s";
}
