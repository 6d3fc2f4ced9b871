using System.Text.Json.Nodes;
using Sluice.Testing.ApiServer.Store;

namespace Sluice.Testing.ApiServer.Controllers;

/// <summary>
/// The value of the endpoints.kubernetes.io/last-change-trigger-time annotation, after
/// staging/src/k8s.io/endpointslice/util/trigger_time_tracker.go: for a Service seen for the first time its
/// creationTimestamp, afterwards the earliest trigger (a pod's Ready transition, the Service's creation) that changed
/// since the previous sync, or none. Each controller keeps its own tracker, as kube-controller-manager does.
/// </summary>
internal sealed class TriggerTimeTracker
{
    private readonly Lock gate = new();
    private readonly Dictionary<(string Ns, string Name), (DateTimeOffset? Service, Dictionary<string, DateTimeOffset> Pods)> states = [];

    public DateTimeOffset? Compute(JsonObject service, IReadOnlyList<JsonObject> pods)
    {
        var key = (Meta.Str(service, "namespace"), Meta.Name(service));
        var created = PodEndpointRules.Time(Meta.Of(service)["creationTimestamp"]);
        lock (gate)
        {
            var known = states.TryGetValue(key, out var state);
            DateTimeOffset? earliest = null;
            var podTimes = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
            foreach (var pod in pods)
            {
                if (PodEndpointRules.ReadyTransitionTime(pod) is not { } at)
                {
                    continue;
                }
                podTimes[Meta.Name(pod)] = at;
                if (state.Pods is null || !state.Pods.TryGetValue(Meta.Name(pod), out var before) || at > before)
                {
                    earliest = earliest is { } e && e <= at ? e : at;
                }
            }
            if (created is { } c && (state.Service is not { } seen || c > seen))
            {
                earliest = earliest is { } e && e <= c ? e : c;
            }
            states[key] = (created, podTimes);
            return known ? earliest : created;
        }
    }

    public void Forget(string ns, string name)
    {
        lock (gate)
        {
            states.Remove((ns, name));
        }
    }
}
