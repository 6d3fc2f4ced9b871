using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Sluice.Testing.ApiServer.Resources;

namespace Sluice.Testing.ApiServer.Store.Defaults;

/// <summary>
/// The timestamps of built-in objects as their Go types store them. A metav1.Time marshals as RFC 3339 in UTC
/// with whole seconds (k8s.io/apimachinery/pkg/apis/meta/v1/time.go: MarshalJSON uses time.RFC3339, and the
/// protobuf form keeps no nanoseconds), so "2025-01-02T03:04:05.678+01:00" reads back as "2025-01-02T02:04:05Z";
/// a metav1.MicroTime (micro_time.go, RFC3339Micro) keeps six fraction digits. Time fields that are structs, not
/// pointers, read back as null when unset (condition lastProbeTime, container state startedAt, an Event's
/// firstTimestamp). Custom resources are stored as written.
/// </summary>
internal static partial class TimeFields
{
    private const string Layout = "2006-01-02T15:04:05Z07:00";

    /// <summary>A field path: dot-separated, "[]" after a segment for every element of an array, "*" for every map value.</summary>
    private sealed record Field(string Path, bool Micro = false, bool Pointer = false);

    private static readonly Field[] Metadata = [new("metadata.deletionTimestamp", Pointer: true)];

    private static readonly Field[] ContainerStates =
    [
        .. new[] { "state", "lastState" }.SelectMany(s => new Field[]
        {
            new($"{s}.running.startedAt"), new($"{s}.terminated.startedAt"), new($"{s}.terminated.finishedAt"),
        }),
    ];

    private static readonly Dictionary<string, Field[]> ByStorage = new(StringComparer.Ordinal)
    {
        ["/pods"] =
        [
            new("status.conditions[].lastProbeTime"), new("status.conditions[].lastTransitionTime"), new("status.startTime", Pointer: true),
            .. new[] { "containerStatuses", "initContainerStatuses", "ephemeralContainerStatuses" }
                .SelectMany(list => ContainerStates.Select(f => f with { Path = $"status.{list}[].{f.Path}" })),
        ],
        ["batch/jobs"] =
        [
            new("status.startTime", Pointer: true), new("status.completionTime", Pointer: true),
            new("status.conditions[].lastProbeTime"), new("status.conditions[].lastTransitionTime"),
        ],
        ["batch/cronjobs"] = [new("status.lastScheduleTime", Pointer: true), new("status.lastSuccessfulTime", Pointer: true)],
        ["apps/deployments"] = [new("status.conditions[].lastUpdateTime"), new("status.conditions[].lastTransitionTime")],
        ["apps/replicasets"] = [new("status.conditions[].lastTransitionTime")],
        ["/namespaces"] = [new("status.conditions[].lastTransitionTime")],
        ["/nodes"] = [new("status.conditions[].lastHeartbeatTime"), new("status.conditions[].lastTransitionTime")],
        ["/persistentvolumeclaims"] = [new("status.conditions[].lastProbeTime"), new("status.conditions[].lastTransitionTime")],
        ["/services"] = [new("status.conditions[].lastTransitionTime")],
        ["policy/poddisruptionbudgets"] = [new("status.conditions[].lastTransitionTime"), new("status.disruptedPods.*")],
        ["apiextensions.k8s.io/customresourcedefinitions"] = [new("status.conditions[].lastTransitionTime")],
        ["/events"] =
        [
            new("firstTimestamp"), new("lastTimestamp"), new("eventTime", Micro: true), new("series.lastObservedTime", Micro: true),
        ],
        ["coordination.k8s.io/leases"] = [new("spec.acquireTime", Micro: true, Pointer: true), new("spec.renewTime", Micro: true, Pointer: true)],
    };

    public static void Normalize(ResourceType t, JsonObject obj)
    {
        var fields = ByStorage.TryGetValue(t.StorageKey, out var own) ? Metadata.Concat(own) : Metadata;
        foreach (var field in fields)
        {
            Visit(t, obj, field.Path.Split('.'), 0, field);
        }
    }

    private static void Visit(ResourceType t, JsonObject parent, string[] segments, int at, Field field)
    {
        var segment = segments[at];
        var last = at == segments.Length - 1;
        if (segment == "*")
        {
            foreach (var key in parent.Select(kv => kv.Key).ToList())
            {
                parent[key] = Value(t, parent[key], field);
            }
            return;
        }
        var isArray = segment.EndsWith("[]", StringComparison.Ordinal);
        var name = isArray ? segment[..^2] : segment;
        if (isArray)
        {
            foreach (var item in JsonFields.Items(parent, name))
            {
                Visit(t, item, segments, at + 1, field);
            }
        }
        else if (last)
        {
            if (parent[name] is not null || !field.Pointer)
            {
                parent[name] = Value(t, parent[name], field);
            }
            else
            {
                parent.Remove(name);
            }
        }
        else if (JsonFields.Object(parent, name) is { } child)
        {
            Visit(t, child, segments, at + 1, field);
        }
    }

    private static JsonNode? Value(ResourceType t, JsonNode? value, Field field)
    {
        if (value is null)
        {
            return null;
        }
        var text = value is JsonValue v && v.TryGetValue(out string? s) ? s : value.ToJsonString();
        if (!TryParse(text, out var time))
        {
            throw Decoding.Error(t, $"parsing time \"{text}\" as \"{Layout}\": cannot parse \"{text}\" as \"2006\"");
        }
        var utc = time.UtcDateTime;
        return field.Micro
            ? utc.AddTicks(-(utc.Ticks % 10)).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture)
            : utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }

    /// <summary>RFC 3339 as Go's time.Parse reads it: up to nine fraction digits, Z or an offset.</summary>
    private static bool TryParse(string text, out DateTimeOffset time)
    {
        time = default;
        var match = Rfc3339().Match(text);
        if (!match.Success)
        {
            return false;
        }
        var fraction = match.Groups["fraction"].Value;
        var trimmed = match.Groups["seconds"].Value + (fraction.Length > 0 ? "." + fraction[..Math.Min(7, fraction.Length)] : "") + match.Groups["zone"].Value;
        return DateTimeOffset.TryParseExact(trimmed, ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"],
            CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out time);
    }

    [GeneratedRegex(@"^(?<seconds>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(?<fraction>\d{1,9}))?(?<zone>Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex Rfc3339();
}
