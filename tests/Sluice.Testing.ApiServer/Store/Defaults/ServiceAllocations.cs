using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace Sluice.Testing.ApiServer.Store.Defaults;

/// <summary>
/// A Service's ClusterIPs, IP families and NodePorts on create, update and delete, as the service REST storage
/// handles them (pkg/registry/core/service/storage/storage.go: beginCreate, beginUpdate, normalizeClusterIPs,
/// patchAllocatedValues, afterDelete; alloc.go: initIPFamilyFields, allocClusterIPs, updateClusterIPs, initNodePorts)
/// with the checks of ValidateServiceClusterIPsRelatedFields and validateUpgradeDowngradeClusterIPs
/// (pkg/apis/core/validation/validation.go), on a single-stack IPv4 cluster.
/// </summary>
internal sealed class ServiceAllocations(ServiceAllocator allocator)
{
    private const string None = "None";

    public void Create(JsonObject service)
    {
        var spec = JsonFields.Ensure(service, "spec");
        var name = Meta.Name(service);
        if (JsonFields.Str(spec, "clusterIP").Length > 0 && JsonFields.Strings(spec, "clusterIPs").Count == 0)
        {
            spec["clusterIPs"] = JsonFields.StringArray([JsonFields.Str(spec, "clusterIP")]);
        }
        if (!NeedsClusterIp(spec))
        {
            return;
        }
        InitFamilies(name, spec, null);
        var taken = new List<string>();
        try
        {
            AllocateIps(name, spec, taken);
            AllocatePorts(name, spec, null);
        }
        catch (ApiException)
        {
            taken.ForEach(allocator.ReleaseIp);
            throw;
        }
    }

    public void Update(JsonObject service, JsonObject old)
    {
        var spec = JsonFields.Ensure(service, "spec");
        var oldSpec = JsonFields.Object(old, "spec") ?? [];
        var name = Meta.Name(old);
        PatchAllocatedValues(spec, oldSpec);
        NormalizeClusterIps(spec, oldSpec);
        if (NeedsClusterIp(spec))
        {
            InitFamilies(name, spec, oldSpec);
        }
        ValidateClusterIpChange(name, spec, oldSpec);
        var newIps = new List<string>();
        if (!NeedsClusterIp(oldSpec) && NeedsClusterIp(spec))
        {
            AllocateIps(name, spec, newIps);
        }
        try
        {
            AllocatePorts(name, spec, oldSpec);
        }
        catch (ApiException)
        {
            newIps.ForEach(allocator.ReleaseIp);
            throw;
        }
        if (NeedsClusterIp(oldSpec) && !NeedsClusterIp(spec))
        {
            ReleaseIps(oldSpec);
        }
    }

    public void Deleted(JsonObject service)
    {
        var spec = JsonFields.Object(service, "spec") ?? [];
        ReleaseIps(spec);
        foreach (var port in NodePorts(spec))
        {
            allocator.ReleasePort(port);
        }
    }

    private static bool NeedsClusterIp(JsonObject spec) => JsonFields.Str(spec, "type") != "ExternalName";

    private static bool NeedsNodePorts(JsonObject spec) => JsonFields.Str(spec, "type") is "NodePort" or "LoadBalancer";

    private static bool IsHeadless(JsonObject spec) => JsonFields.Strings(spec, "clusterIPs") is [None];

    /// <summary>patchAllocatedValues: an update that leaves out what the server allocated keeps it.</summary>
    private static void PatchAllocatedValues(JsonObject spec, JsonObject oldSpec)
    {
        if (NeedsClusterIp(oldSpec) && NeedsClusterIp(spec))
        {
            if (JsonFields.Str(spec, "clusterIP").Length == 0 && oldSpec["clusterIP"] is { } ip)
            {
                spec["clusterIP"] = ip.DeepClone();
            }
            if (JsonFields.Strings(spec, "clusterIPs").Count == 0 && oldSpec["clusterIPs"] is JsonArray { Count: > 0 } ips)
            {
                spec["clusterIPs"] = ips.DeepClone();
            }
        }
        if (NeedsNodePorts(oldSpec) && NeedsNodePorts(spec))
        {
            var used = NodePorts(oldSpec).Intersect(NodePorts(spec)).ToHashSet();
            var byName = JsonFields.Items(oldSpec, "ports").GroupBy(p => JsonFields.Str(p, "name"))
                .ToDictionary(g => g.Key, g => (long)(Meta.Number(g.First()["nodePort"]) ?? 0), StringComparer.Ordinal);
            foreach (var port in JsonFields.Items(spec, "ports").Where(p => (Meta.Number(p["nodePort"]) ?? 0) == 0))
            {
                if (byName.TryGetValue(JsonFields.Str(port, "name"), out var old) && old != 0 && !used.Contains(old))
                {
                    port["nodePort"] = old;
                }
            }
        }
    }

    /// <summary>normalizeClusterIPs for an update: keep clusterIP and clusterIPs in step.</summary>
    private static void NormalizeClusterIps(JsonObject spec, JsonObject oldSpec)
    {
        var ip = JsonFields.Str(spec, "clusterIP");
        var oldIp = JsonFields.Str(oldSpec, "clusterIP");
        var same = JsonFields.Strings(spec, "clusterIPs").SequenceEqual(JsonFields.Strings(oldSpec, "clusterIPs"));
        if (JsonFields.Strings(oldSpec, "clusterIPs").Count > 0 && JsonFields.Strings(spec, "clusterIPs").Count == 0 && ip == oldIp)
        {
            spec["clusterIPs"] = oldSpec["clusterIPs"]!.DeepClone();
            same = true;
        }
        if (ip != oldIp && same)
        {
            if (ip.Length == 0)
            {
                spec.Remove("clusterIPs");
            }
            else
            {
                spec["clusterIPs"] = JsonFields.StringArray([ip]);
            }
        }
    }

    /// <summary>initIPFamilyFields: ipFamilyPolicy and ipFamilies, with the loose validation of the IPs first.</summary>
    private static void InitFamilies(string name, JsonObject spec, JsonObject? oldSpec)
    {
        var headlessSelectorless = JsonFields.Str(spec, "clusterIP") == None && JsonFields.Object(spec, "selector") is not { Count: > 0 };
        if (JsonFields.IsUnset(spec, "ipFamilyPolicy"))
        {
            spec["ipFamilyPolicy"] = oldSpec?["ipFamilyPolicy"]?.DeepClone()
                ?? (headlessSelectorless ? "RequireDualStack" : "SingleStack");
        }
        var policy = JsonFields.Str(spec, "ipFamilyPolicy");
        var ips = JsonFields.Strings(spec, "clusterIPs");
        var families = JsonFields.Strings(spec, "ipFamilies");
        var errors = new List<(string, string, string)>();
        var ip = JsonFields.Str(spec, "clusterIP");
        if (ip.Length > 0 && (ips.Count == 0 || ips[0] != ip))
        {
            errors.Add(ips.Count == 0
                ? ("spec.clusterIPs", "FieldValueRequired", "Required value")
                : ("spec.clusterIPs", "FieldValueInvalid", $"Invalid value: {GoStrings(ips)}: first value must match `clusterIP`"));
        }
        for (var i = 0; i < ips.Count; i++)
        {
            if (!(i == 0 && ips[i] == None) && !IPAddress.TryParse(ips[i], out _))
            {
                errors.Add(($"spec.clusterIPs[{i}]", "FieldValueInvalid", $"Invalid value: \"{ips[i]}\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
            }
        }
        if (errors.Count == 0 && policy == "SingleStack" && (ips.Count > 1 || families.Count > 1))
        {
            errors.Add(("spec.ipFamilyPolicy", "FieldValueInvalid",
                $"Invalid value: \"SingleStack\": must be 'RequireDualStack' or 'PreferDualStack' when multiple {(ips.Count > 1 ? "cluster IPs are" : "IP families are")} specified"));
        }
        for (var i = 0; errors.Count == 0 && i < ips.Count && ips[i] != None; i++)
        {
            var family = IPAddress.Parse(ips[i]).AddressFamily == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4";
            if (i >= families.Count && family == "IPv6")
            {
                errors.Add(($"spec.clusterIPs[{i}]", "FieldValueInvalid", $"Invalid value: {GoStrings(ips)}: IPv6 is not configured on this cluster"));
            }
            else if (i >= families.Count)
            {
                families.Add(family);
            }
        }
        if (errors.Count > 0)
        {
            throw ApiException.Invalid("Service", "", name, errors);
        }
        if (families.Count == 0)
        {
            families.Add("IPv4");
        }
        if (headlessSelectorless)
        {
            // Selectorless headless Services may name both families even on a single-stack cluster.
            if (families.Count < 2 && policy != "SingleStack")
            {
                families.Add(families[0] == "IPv4" ? "IPv6" : "IPv4");
            }
        }
        else
        {
            if (policy == "RequireDualStack")
            {
                errors.Add(("spec.ipFamilyPolicy", "FieldValueInvalid", "Invalid value: \"RequireDualStack\": this cluster is not configured for dual-stack services"));
            }
            errors.AddRange(families.Select((f, i) => (f, i)).Where(x => x.f != "IPv4")
                .Select(x => ($"spec.ipFamilies[{x.i}]", "FieldValueInvalid", $"Invalid value: \"{x.f}\": not configured on this cluster")));
            if (errors.Count > 0)
            {
                throw ApiException.Invalid("Service", "", name, errors);
            }
        }
        spec["ipFamilies"] = JsonFields.StringArray(families);
    }

    private void AllocateIps(string name, JsonObject spec, List<string> taken)
    {
        var ips = JsonFields.Strings(spec, "clusterIPs");
        if (ips is [None, ..])
        {
            return;
        }
        var ip = ips.Count > 0 ? ips[0] : "";
        if (ip.Length == 0)
        {
            ip = allocator.NextIp();
        }
        else if (allocator.TryTakeIp(ip) is { } error)
        {
            throw ApiException.Invalid("Service", "", name,
                [("spec.clusterIPs", "FieldValueInvalid", $"Invalid value: {GoStrings(ips)}: failed to allocate IP {ip}: {error}")]);
        }
        taken.Add(ip);
        spec["clusterIP"] = ip;
        spec["clusterIPs"] = JsonFields.StringArray([ip]);
    }

    private void ReleaseIps(JsonObject spec)
    {
        foreach (var ip in JsonFields.Strings(spec, "clusterIPs").Where(ip => ip != None))
        {
            allocator.ReleaseIp(ip);
        }
    }

    /// <summary>validateUpgradeDowngradeClusterIPs: the primary ClusterIP may not change once set.</summary>
    private static void ValidateClusterIpChange(string name, JsonObject spec, JsonObject oldSpec)
    {
        if (!NeedsClusterIp(spec) || !NeedsClusterIp(oldSpec) || (IsHeadless(spec) && IsHeadless(oldSpec)))
        {
            return;
        }
        var ips = JsonFields.Strings(spec, "clusterIPs");
        var oldIps = JsonFields.Strings(oldSpec, "clusterIPs");
        if (oldIps.Count > 0 && ips.Count == 0)
        {
            throw ApiException.Invalid("Service", "", name, [("spec.clusterIPs[0]", "FieldValueInvalid", "Invalid value: []string(nil): primary clusterIP can not be unset")]);
        }
        if (oldIps.Count > 0 && ips[0] != oldIps[0])
        {
            throw ApiException.Invalid("Service", "", name, [("spec.clusterIPs[0]", "FieldValueInvalid", $"Invalid value: {GoStrings(ips)}: may not change once set")]);
        }
    }

    /// <summary>initNodePorts / updateNodePorts: a port per service port unless given; the old ones no longer used are released.</summary>
    private void AllocatePorts(string name, JsonObject spec, JsonObject? oldSpec)
    {
        var old = oldSpec is not null && NeedsNodePorts(oldSpec) ? NodePorts(oldSpec).ToHashSet() : [];
        var kept = new HashSet<long>();
        if (NeedsNodePorts(spec))
        {
            var allocate = JsonFields.Str(spec, "type") == "NodePort" || spec["allocateLoadBalancerNodePorts"] is not JsonValue v || !v.TryGetValue(out bool b) || b;
            var taken = new List<long>();
            var i = 0;
            foreach (var port in JsonFields.Items(spec, "ports"))
            {
                var given = (long)(Meta.Number(port["nodePort"]) ?? 0);
                if (given == 0 && allocate)
                {
                    var next = allocator.NextPort();
                    taken.Add(next);
                    port["nodePort"] = next;
                }
                else if (given != 0 && !old.Contains(given) && !kept.Contains(given))
                {
                    if (allocator.TryTakePort(given) is { } error)
                    {
                        taken.ForEach(allocator.ReleasePort);
                        throw ApiException.Invalid("Service", "", name, [($"spec.ports[{i}].nodePort", "FieldValueInvalid", $"Invalid value: {given}: {error}")]);
                    }
                    taken.Add(given);
                }
                kept.Add((long)(Meta.Number(port["nodePort"]) ?? 0));
                i++;
            }
        }
        foreach (var released in old.Where(p => !kept.Contains(p)))
        {
            allocator.ReleasePort(released);
        }
    }

    private static IEnumerable<long> NodePorts(JsonObject spec) =>
        JsonFields.Items(spec, "ports").Select(p => (long)(Meta.Number(p["nodePort"]) ?? 0)).Where(p => p != 0);

    /// <summary>A string list as Go's %#v prints it in field errors: []string{"10.96.0.10"}.</summary>
    private static string GoStrings(IEnumerable<string> values) => "[]string{" + string.Join(", ", values.Select(v => $"\"{v}\"")) + "}";
}
