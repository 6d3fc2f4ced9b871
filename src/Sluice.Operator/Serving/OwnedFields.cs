using k8s;
using k8s.Models;

namespace Sluice.Operator.Serving;

/// <summary>
/// Whether a live serving object differs from the desired one on the fields Sluice sets, and only those: the
/// defaults an API server fills in (strategy details, probe timeouts, terminationGracePeriodSeconds, dnsPolicy,
/// clusterIP, sessionAffinity, ...) are not ours, so comparing whole objects would update forever on a real cluster.
/// Each desired field is compared with the live value at the same place; a field we leave empty is ignored.
/// </summary>
internal static class OwnedFields
{
    public static bool Differ(V1Deployment desired, V1Deployment live)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(live);
        return desired.Spec.Replicas != live.Spec?.Replicas
            || LabelsDiffer(desired.Metadata.Labels, live.Metadata.Labels)
            || LabelsDiffer(desired.Spec.Template.Metadata.Labels, live.Spec?.Template?.Metadata?.Labels)
            || !Covers(Json(desired.Spec.Template.Spec), Json(live.Spec?.Template?.Spec));
    }

    public static bool Differ(V1Service desired, V1Service live)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(live);
        return LabelsDiffer(desired.Metadata.Labels, live.Metadata.Labels)
            || !Covers(Json(desired.Spec), Json(live.Spec))
            || !Covers(Json(desired.Metadata.OwnerReferences), Json(live.Metadata.OwnerReferences));
    }

    private static bool LabelsDiffer(IDictionary<string, string>? desired, IDictionary<string, string>? live) =>
        (desired ?? new Dictionary<string, string>()).Any(kv => live is null || !live.TryGetValue(kv.Key, out var value) || value != kv.Value);

    private static System.Text.Json.Nodes.JsonNode? Json(object? value) =>
        value is null ? null : System.Text.Json.Nodes.JsonNode.Parse(KubernetesJson.Serialize(value));

    /// <summary>
    /// Whether <paramref name="live"/> holds every value of <paramref name="desired"/>: objects member by member (live
    /// may have more), arrays element by element with the same length (a removed container or env var is a change),
    /// scalars equal.
    /// </summary>
    private static bool Covers(System.Text.Json.Nodes.JsonNode? desired, System.Text.Json.Nodes.JsonNode? live) => desired switch
    {
        null => true,
        System.Text.Json.Nodes.JsonObject o => live is System.Text.Json.Nodes.JsonObject l && o.All(kv => Covers(kv.Value, l[kv.Key])),
        System.Text.Json.Nodes.JsonArray a => live is System.Text.Json.Nodes.JsonArray l && a.Count == l.Count && a.Select((x, i) => Covers(x, l[i])).All(ok => ok),
        _ => live is not null && Scalar(desired) == Scalar(live),
    };

    /// <summary>A scalar as text, so 1 and "1" (an int-or-string port) compare equal, as the API server treats them.</summary>
    private static string Scalar(System.Text.Json.Nodes.JsonNode node) => node.ToJsonString().Trim('"');
}
