using System.Text.Json.Nodes;
using Sluice.Testing.ApiServer.Resources;

namespace Sluice.Testing.ApiServer.Store.Defaults;

/// <summary>
/// What a container gets: SetDefaults_Container (pkg/apis/core/v1/defaults.go), the generated per-container calls of
/// zz_generated.defaults.go (port protocol TCP, env fieldRef apiVersion v1, resource lists, probes, lifecycle
/// handlers), and the shape the Go types serialize to: resources is a struct, so it always reads back, as {} when
/// empty; a resourceFieldRef divisor is a Quantity struct, so it reads back as "0" when unset.
/// </summary>
internal static class ContainerDefaults
{
    public static void Apply(ResourceType t, JsonObject container)
    {
        if (JsonFields.IsUnset(container, "imagePullPolicy"))
        {
            container["imagePullPolicy"] = ImagePullPolicy.For(JsonFields.Str(container, "image"));
        }
        JsonFields.Default(container, "terminationMessagePath", "/dev/termination-log");
        JsonFields.Default(container, "terminationMessagePolicy", "File");
        foreach (var port in JsonFields.Items(container, "ports"))
        {
            JsonFields.Default(port, "protocol", "TCP");
        }
        foreach (var env in JsonFields.Items(container, "env"))
        {
            EnvSource(t, JsonFields.Object(env, "valueFrom"));
        }
        var resources = JsonFields.Ensure(container, "resources");
        foreach (var list in new[] { "limits", "requests" })
        {
            // An empty map is omitted by Go's encoder (omitempty), so resources: {limits: {}} reads back as {}.
            if (resources[list] is JsonObject { Count: 0 } || (resources.ContainsKey(list) && resources[list] is null))
            {
                resources.Remove(list);
            }
            ResourceLists.Canonicalize(t, JsonFields.Object(resources, list));
        }
        ProbeDefaults.Apply(JsonFields.Object(container, "livenessProbe"));
        ProbeDefaults.Apply(JsonFields.Object(container, "readinessProbe"));
        ProbeDefaults.Apply(JsonFields.Object(container, "startupProbe"));
        ProbeDefaults.Lifecycle(JsonFields.Object(container, "lifecycle"));
    }

    /// <summary>An env valueFrom or a downwardAPI item: fieldRef apiVersion v1, resourceFieldRef divisor as a quantity.</summary>
    public static void EnvSource(ResourceType t, JsonObject? source)
    {
        if (JsonFields.Object(source, "fieldRef") is { } fieldRef)
        {
            JsonFields.Default(fieldRef, "apiVersion", "v1");
        }
        if (JsonFields.Object(source, "resourceFieldRef") is { } resourceRef)
        {
            resourceRef["divisor"] = resourceRef["divisor"] is null ? "0" : ResourceLists.Text(t, resourceRef["divisor"]);
        }
    }
}
