using System.Globalization;
using System.Text.Json.Nodes;
using Sluice.Testing.ApiServer.Resources;
using Sluice.Testing.ApiServer.Selection;
using Sluice.Testing.ApiServer.Store;

namespace Sluice.Testing.ApiServer.Http;

/// <summary>Builds the meta.k8s.io/v1 Table kubectl asks for: CRD printer columns, or fixed columns for built-ins.</summary>
internal static class TableBuilder
{
    private sealed record Column(string Name, string Type, string Path, int Priority, string Description);

    public static JsonObject Build(ResourceType t, IEnumerable<JsonObject> items, string rv, string? includeObject, DateTimeOffset now)
    {
        var columns = ColumnsFor(t);
        var rows = new JsonArray();
        foreach (var item in items)
        {
            var cells = new JsonArray { Meta.Name(item) };
            foreach (var c in columns)
            {
                cells.Add(Cell(item, c, now));
            }
            var row = new JsonObject { ["cells"] = cells };
            if (includeObject != "None")
            {
                row["object"] = includeObject == "Object"
                    ? item.DeepClone()
                    : new JsonObject { ["kind"] = "PartialObjectMetadata", ["apiVersion"] = "meta.k8s.io/v1", ["metadata"] = Meta.Of(item).DeepClone() };
            }
            rows.Add(row);
        }
        var defs = new JsonArray { new JsonObject { ["name"] = "Name", ["type"] = "string", ["format"] = "name", ["description"] = "Name must be unique within a namespace.", ["priority"] = 0 } };
        foreach (var c in columns)
        {
            defs.Add(new JsonObject { ["name"] = c.Name, ["type"] = c.Type, ["format"] = "", ["description"] = c.Description, ["priority"] = c.Priority });
        }
        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = new JsonObject { ["resourceVersion"] = rv },
            ["columnDefinitions"] = defs,
            ["rows"] = rows,
        };
    }

    private static List<Column> ColumnsFor(ResourceType t)
    {
        if (t.IsCustom)
        {
            var cols = (t.PrinterColumns ?? []).OfType<JsonObject>().Select(c => new Column(
                c["name"]?.GetValue<string>() ?? "",
                c["type"]?.GetValue<string>() ?? "string",
                c["jsonPath"]?.GetValue<string>() ?? "",
                ((int?)Meta.Number(c["priority"])) ?? 0,
                c["description"]?.GetValue<string>() ?? "")).ToList();
            return cols.Count > 0 ? cols : [Age()];
        }
        return (t.Group, t.Plural) switch
        {
            ("", "pods") => [new("Ready", "string", "$ready", 0, ""), new("Status", "string", "$podStatus", 0, ""), new("Restarts", "string", "$restarts", 0, ""), Age(), new("IP", "string", ".status.podIP", 1, ""), new("Node", "string", ".spec.nodeName", 1, "")],
            ("", "namespaces") => [new("Status", "string", ".status.phase", 0, ""), Age()],
            ("", "services") => [new("Type", "string", ".spec.type", 0, ""), new("Cluster-IP", "string", ".spec.clusterIP", 0, ""), Age()],
            ("apps", "deployments") => [new("Ready", "string", "$deployReady", 0, ""), new("Up-to-date", "integer", ".status.updatedReplicas", 0, ""), new("Available", "integer", ".status.availableReplicas", 0, ""), Age()],
            ("batch", "jobs") => [new("Status", "string", "$jobStatus", 0, ""), new("Completions", "string", "$completions", 0, ""), Age()],
            ("coordination.k8s.io", "leases") => [new("Holder", "string", ".spec.holderIdentity", 0, ""), Age()],
            ("apiextensions.k8s.io", _) => [new("Created At", "date", ".metadata.creationTimestamp", 0, "")],
            _ => [Age()],
        };
    }

    private static Column Age() => new("Age", "date", ".metadata.creationTimestamp", 0, "CreationTimestamp is a timestamp representing the server time when this object was created.");

    private static JsonNode? Cell(JsonObject item, Column c, DateTimeOffset now)
    {
        switch (c.Path)
        {
            case "$ready":
                var statuses = item["status"]?["containerStatuses"] as JsonArray ?? [];
                var total = (item["spec"]?["containers"] as JsonArray)?.Count ?? statuses.Count;
                return $"{statuses.Count(s => s?["ready"]?.GetValue<bool>() == true)}/{total}";
            case "$podStatus":
                var waiting = (item["status"]?["containerStatuses"] as JsonArray ?? []).Select(s => s?["state"]?["waiting"]?["reason"] ?? s?["state"]?["terminated"]?["reason"]).FirstOrDefault(r => r is not null);
                return Meta.IsDeleting(item) ? "Terminating" : waiting?.GetValue<string>() ?? item["status"]?["phase"]?.GetValue<string>() ?? "Pending";
            case "$restarts":
                return (item["status"]?["containerStatuses"] as JsonArray ?? []).Sum(s => ((int?)Meta.Number(s?["restartCount"])) ?? 0).ToString(CultureInfo.InvariantCulture);
            case "$deployReady":
                return $"{((int?)Meta.Number(item["status"]?["readyReplicas"])) ?? 0}/{((int?)Meta.Number(item["spec"]?["replicas"])) ?? 1}";
            case "$jobStatus":
                var conds = item["status"]?["conditions"] as JsonArray ?? [];
                var done = conds.OfType<JsonObject>().FirstOrDefault(x => x["status"]?.GetValue<string>() == "True" && x["type"]?.GetValue<string>() is "Complete" or "Failed");
                return done?["type"]?.GetValue<string>() ?? "Running";
            case "$completions":
                return $"{((int?)Meta.Number(item["status"]?["succeeded"])) ?? 0}/{((int?)Meta.Number(item["spec"]?["completions"])) ?? 1}";
        }
        var matches = SimpleJsonPath.Evaluate(item, c.Path);
        var first = matches.FirstOrDefault();
        if (first is null)
        {
            return null;
        }
        if (c.Type == "date" && first is JsonValue dv && DateTimeOffset.TryParse(dv.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return HumanDuration(now - at);
        }
        return c.Type is "integer" or "number" or "boolean" ? first.DeepClone() : SimpleJsonPath.Render(item, c.Path);
    }

    /// <summary>kubectl's short age format: 5s, 3m, 2h, 4d.</summary>
    public static string HumanDuration(TimeSpan d)
    {
        if (d < TimeSpan.Zero)
        {
            d = TimeSpan.Zero;
        }
        return d.TotalSeconds < 120 ? $"{(int)d.TotalSeconds}s"
            : d.TotalMinutes < 60 ? $"{(int)d.TotalMinutes}m"
            : d.TotalHours < 48 ? $"{(int)d.TotalHours}h"
            : $"{(int)d.TotalDays}d";
    }
}
