using System.Text.Json.Nodes;

namespace Sluice.Testing.ApiServer.Resources;

/// <summary>
/// core/v1 and events.k8s.io/v1 Events are one resource seen through two APIs, as on a real server: stored in the
/// core shape, renamed field by field for events.k8s.io (regarding = involvedObject, note = message, ...), so an
/// event one client writes through either API is what `kubectl describe` lists.
/// </summary>
internal static class EventVersions
{
    private static readonly (string Core, string Events)[] Renames =
    [
        ("involvedObject", "regarding"), ("message", "note"), ("source", "deprecatedSource"),
        ("firstTimestamp", "deprecatedFirstTimestamp"), ("lastTimestamp", "deprecatedLastTimestamp"),
        ("count", "deprecatedCount"), ("reportingComponent", "reportingController"),
    ];

    private static bool IsEventsApi(ResourceType t) => t.Group == "events.k8s.io" && t.Plural == "events";

    /// <summary>The stored object as the requested API shows it (a copy when it differs).</summary>
    public static JsonObject ToView(ResourceType t, JsonObject stored) => IsEventsApi(t) ? Rename(stored, toEvents: true) : stored;

    /// <summary>A written object in the stored shape.</summary>
    public static JsonObject ToStorage(ResourceType t, JsonObject written) => IsEventsApi(t) ? Rename(written, toEvents: false) : written;

    private static JsonObject Rename(JsonObject obj, bool toEvents)
    {
        var copy = (JsonObject)obj.DeepClone();
        foreach (var (core, events) in Renames)
        {
            var (from, to) = toEvents ? (core, events) : (events, core);
            if (copy[from] is { } value)
            {
                copy.Remove(from);
                copy[to] = value.DeepClone();
            }
        }
        return copy;
    }
}
