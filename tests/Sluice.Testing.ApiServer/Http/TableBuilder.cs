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
        // kube-apiserver's event printer starts with Last Seen and shows the name only with -o wide.
        var nameFirst = !(t.Plural == "events" && t.Group is "" or "events.k8s.io");
        var rows = new JsonArray();
        foreach (var item in items)
        {
            var cells = nameFirst ? new JsonArray { Meta.Name(item) } : [];
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
        var defs = nameFirst ? new JsonArray { new JsonObject { ["name"] = "Name", ["type"] = "string", ["format"] = "name", ["description"] = "Name must be unique within a namespace.", ["priority"] = 0 } } : [];
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
            ("", "pods") => [new("Ready", "string", "$ready", 0, ""), new("Status", "string", "$podStatus", 0, ""), new("Restarts", "string", "$restarts", 0, ""), Age(), new("IP", "string", ".status.podIP", 1, ""), new("Node", "string", ".spec.nodeName", 1, ""), new("Nominated Node", "string", "$nominatedNode", 1, ""), new("Readiness Gates", "string", "$readinessGates", 1, "")],
            ("", "namespaces") => [new("Status", "string", ".status.phase", 0, ""), Age()],
            ("", "services") => [new("Type", "string", ".spec.type", 0, ""), new("Cluster-IP", "string", ".spec.clusterIP", 0, ""), new("External-IP", "string", "$externalIp", 0, ""), new("Port(s)", "string", "$servicePorts", 0, ""), Age(), new("Selector", "string", "$selector", 1, "")],
            ("apps", "deployments") => [new("Ready", "string", "$deployReady", 0, ""), new("Up-to-date", "integer", ".status.updatedReplicas", 0, ""), new("Available", "integer", ".status.availableReplicas", 0, ""), Age()],
            ("batch", "jobs") => [new("Status", "string", "$jobStatus", 0, ""), new("Completions", "string", "$completions", 0, ""), Age()],
            ("coordination.k8s.io", "leases") => [new("Holder", "string", ".spec.holderIdentity", 0, ""), Age()],
            ("apiextensions.k8s.io", _) => [CreatedAt()],
            ("" or "events.k8s.io", "events") => [new("Last Seen", "string", "$eventLastSeen", 0, ""), new("Type", "string", ".type", 0, ""), new("Reason", "string", ".reason", 0, ""), new("Object", "string", "$eventObject", 0, ""), new("Message", "string", "$eventMessage", 0, ""), new("Name", "string", "$name", 1, "")],
            ("", "endpoints") => [new("Endpoints", "string", "$endpoints", 0, ""), Age()],
            ("discovery.k8s.io", "endpointslices") => [new("AddressType", "string", ".addressType", 0, ""), new("Ports", "string", "$slicePorts", 0, ""), new("Endpoints", "string", "$sliceEndpoints", 0, ""), Age()],
            ("", "configmaps") => [new("Data", "integer", "$dataCount", 0, ""), Age()],
            ("", "secrets") => [new("Type", "string", ".type", 0, ""), new("Data", "integer", "$dataCount", 0, ""), Age()],
            ("", "serviceaccounts") => [new("Secrets", "integer", "$secretCount", 0, ""), Age()],
            ("", "persistentvolumeclaims") => [new("Status", "string", ".status.phase", 0, ""), new("Volume", "string", ".spec.volumeName", 0, ""), new("Capacity", "string", ".status.capacity.storage", 0, ""), new("Access Modes", "string", "$accessModes", 0, ""), new("StorageClass", "string", ".spec.storageClassName", 0, ""), Age()],
            ("apps", "replicasets") => [new("Desired", "integer", ".spec.replicas", 0, ""), new("Current", "integer", ".status.replicas", 0, ""), new("Ready", "integer", ".status.readyReplicas", 0, ""), Age()],
            ("batch", "cronjobs") => [new("Schedule", "string", ".spec.schedule", 0, ""), new("Suspend", "boolean", ".spec.suspend", 0, ""), new("Active", "integer", "$activeCount", 0, ""), new("Last Schedule", "date", ".status.lastScheduleTime", 0, ""), Age()],
            ("policy", "poddisruptionbudgets") => [new("Min Available", "string", "$minAvailable", 0, ""), new("Max Unavailable", "string", "$maxUnavailable", 0, ""), new("Allowed Disruptions", "integer", "$allowedDisruptions", 0, ""), Age()],
            ("rbac.authorization.k8s.io", "roles" or "clusterroles") => [CreatedAt()],
            ("rbac.authorization.k8s.io", "rolebindings" or "clusterrolebindings") =>
                [new("Role", "string", "$roleRef", 0, ""), Age(), new("Users", "string", "$subjects:User", 1, ""), new("Groups", "string", "$subjects:Group", 1, ""), new("ServiceAccounts", "string", "$subjects:ServiceAccount", 1, "")],
            _ => [Age()],
        };
    }

    /// <summary>kubectl prints the creation time itself (RFC 3339) for CRDs and RBAC roles, not an age.</summary>
    private static Column CreatedAt() => new("Created At", "date", "$createdAt", 0, "CreationTimestamp is a timestamp representing the server time when this object was created.");

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
        if (c.Path.StartsWith('$'))
        {
            return SpecialCell(item, c.Path, now);
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

    /// <summary>The computed cells of the built-in kinds, as kube-apiserver's own table printers fill them.</summary>
    private static JsonNode? SpecialCell(JsonObject item, string path, DateTimeOffset now)
    {
        switch (path)
        {
            case "$createdAt":
                return Meta.Str(item, "creationTimestamp");
            case "$nominatedNode":
                return item["status"]?["nominatedNodeName"]?.GetValue<string>() is { Length: > 0 } nominated ? nominated : "<none>";
            case "$readinessGates":
                // kubectl's printPod: ready gates over all gates, or <none>.
                var gates = (item["spec"]?["readinessGates"] as JsonArray ?? []).Select(g => g?["conditionType"]?.GetValue<string>()).ToList();
                var conditionsTrue = (item["status"]?["conditions"] as JsonArray ?? []).Where(x => x?["status"]?.GetValue<string>() == "True").Select(x => x?["type"]?.GetValue<string>()).ToHashSet();
                return gates.Count == 0 ? "<none>" : $"{gates.Count(conditionsTrue.Contains)}/{gates.Count}";
            case "$externalIp" or "$servicePorts" or "$selector":
                return ServiceCells.Cell(item, path);
            case "$dataCount":
                return ((item["data"] as JsonObject)?.Count ?? 0) + ((item["binaryData"] as JsonObject)?.Count ?? 0);
            case "$secretCount":
                return (item["secrets"] as JsonArray)?.Count ?? 0;
            case "$activeCount":
                return (item["status"]?["active"] as JsonArray)?.Count ?? 0;
            case "$accessModes":
                return string.Join(",", (item["spec"]?["accessModes"] as JsonArray ?? []).Select(m => m?.GetValue<string>() switch
                {
                    "ReadWriteOnce" => "RWO", "ReadOnlyMany" => "ROX", "ReadWriteMany" => "RWX", "ReadWriteOncePod" => "RWOP", var other => other,
                }));
            case "$minAvailable":
                return item["spec"]?["minAvailable"]?.ToString() ?? "N/A";
            case "$maxUnavailable":
                return item["spec"]?["maxUnavailable"]?.ToString() ?? "N/A";
            case "$allowedDisruptions":
                return ((int?)Meta.Number(item["status"]?["disruptionsAllowed"])) ?? 0;
            case "$name":
                return Meta.Name(item);
            case "$endpoints":
                return EndpointCells.Endpoints(item);
            case "$slicePorts":
                return EndpointCells.SlicePorts(item);
            case "$sliceEndpoints":
                return EndpointCells.SliceEndpoints(item);
            case "$eventLastSeen":
                var seen = item["lastTimestamp"] ?? item["deprecatedLastTimestamp"] ?? item["eventTime"] ?? Meta.Of(item)["creationTimestamp"];
                return seen is JsonValue sv && DateTimeOffset.TryParse(sv.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? HumanDuration(now - at) : "<unknown>";
            case "$eventObject":
                var subject = item["involvedObject"] ?? item["regarding"];
                return $"{subject?["kind"]?.GetValue<string>().ToLowerInvariant()}/{subject?["name"]?.GetValue<string>()}";
            case "$eventMessage":
                return (item["message"] ?? item["note"])?.GetValue<string>() ?? "";
            case "$roleRef":
                return $"{item["roleRef"]?["kind"]?.GetValue<string>()}/{item["roleRef"]?["name"]?.GetValue<string>()}";
        }
        if (path.StartsWith("$subjects:", StringComparison.Ordinal))
        {
            var kind = path["$subjects:".Length..];
            return string.Join(", ", (item["subjects"] as JsonArray ?? []).OfType<JsonObject>()
                .Where(s => s["kind"]?.GetValue<string>() == kind)
                .Select(s => kind == "ServiceAccount" ? $"{s["namespace"]?.GetValue<string>()}/{s["name"]?.GetValue<string>()}" : s["name"]?.GetValue<string>()));
        }
        throw new InvalidOperationException($"no table cell for {path}");
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
