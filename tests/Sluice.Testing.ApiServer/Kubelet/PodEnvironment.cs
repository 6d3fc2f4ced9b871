using System.Text;
using System.Text.Json.Nodes;
using Sluice.Testing.ApiServer.Store;

namespace Sluice.Testing.ApiServer.Kubelet;

/// <summary>
/// A container's environment as the kubelet makes it (pkg/kubelet/kubelet_pods.go makeEnvironmentVariables): the
/// image's variables, then <c>envFrom</c> sources in order, then <c>env</c> in order, each value expanded against
/// what came before. A missing Secret, ConfigMap or key that is not optional stops the container from starting
/// with the kubelet's own message.
/// </summary>
internal sealed class PodEnvironment(Func<string, string, string, JsonObject?> lookup)
{
    /// <summary>Reads kind ("secrets" or "configmaps") NS/NAME from the store.</summary>
    public static PodEnvironment For(ObjectStore store, Resources.ResourceRegistry registry) =>
        new((plural, ns, name) => store.Get(registry.Find("", "v1", plural)!, ns, name));

    /// <summary>
    /// The container's variables: <c>Declared</c> are the pod's own (what <c>$(VAR)</c> in env, command and args
    /// may refer to, as on a node: the image's variables are merged in later by the runtime), <c>All</c> adds the image's.
    /// </summary>
    public (Dictionary<string, string> All, Dictionary<string, string> Declared) Build(JsonObject pod, JsonObject container, IReadOnlyDictionary<string, string> image)
    {
        var ns = Meta.Str(pod, "namespace");
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in (container["envFrom"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var prefix = source["prefix"]?.GetValue<string>() ?? "";
            var (plural, reference) = source["secretRef"] is JsonObject s ? ("secrets", s) : ("configmaps", source["configMapRef"] as JsonObject ?? []);
            var name = reference["name"]?.GetValue<string>() ?? "";
            if (Data(plural, ns, name) is not { } data)
            {
                if (reference["optional"]?.GetValue<bool>() == true)
                {
                    continue;
                }

                throw new ContainerConfigException($"{Singular(plural)} \"{name}\" not found");
            }

            foreach (var (key, value) in data)
            {
                env[prefix + key] = value;
            }
        }

        // Expansion sees the container's own variables defined so far, never the image's or the server's.
        foreach (var item in (container["env"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var name = item["name"]?.GetValue<string>() ?? "";
            if (item["valueFrom"] is JsonObject from)
            {
                if (ValueFrom(pod, ns, from) is { } resolved)
                {
                    env[name] = resolved;
                }

                continue;
            }

            env[name] = EnvExpansion.Expand(item["value"]?.GetValue<string>() ?? "", k => env.TryGetValue(k, out var v) ? v : null);
        }

        var all = new Dictionary<string, string>(image, StringComparer.Ordinal);
        foreach (var (name, value) in env)
        {
            // What the kubelet itself must set to stand in for a container (bind address, message file) wins.
            if (!name.StartsWith("SLUICE_BIND_ADDRESS", StringComparison.Ordinal) && name != "SLUICE_TERMINATION_MESSAGE_PATH")
            {
                all[name] = value;
            }
        }

        return (all, env);
    }

    private string? ValueFrom(JsonObject pod, string ns, JsonObject from)
    {
        if (from["fieldRef"] is JsonObject field)
        {
            return FieldRef(pod, field["fieldPath"]?.GetValue<string>() ?? "");
        }

        var (plural, selector) = from["secretKeyRef"] is JsonObject s ? ("secrets", s) : ("configmaps", from["configMapKeyRef"] as JsonObject);
        if (selector is null)
        {
            throw new ContainerConfigException("env valueFrom: only fieldRef, secretKeyRef and configMapKeyRef are supported by the test kubelet");
        }

        var name = selector["name"]?.GetValue<string>() ?? "";
        var key = selector["key"]?.GetValue<string>() ?? "";
        var optional = selector["optional"]?.GetValue<bool>() == true;
        if (Data(plural, ns, name) is not { } data)
        {
            return optional ? null : throw new ContainerConfigException($"{Singular(plural)} \"{name}\" not found");
        }

        if (data.TryGetValue(key, out var value))
        {
            return value;
        }

        return optional ? null : throw new ContainerConfigException($"couldn't find key {key} in {(plural == "secrets" ? "Secret" : "ConfigMap")} {ns}/{name}");
    }

    /// <summary>The downward API (pkg/fieldpath/fieldpath.go ExtractFieldPathAsString and the kubelet's podFieldSelectorRuntimeValue).</summary>
    private static string FieldRef(JsonObject pod, string path)
    {
        var meta = Meta.Of(pod);
        return path switch
        {
            "metadata.name" => Meta.Name(pod),
            "metadata.namespace" => Meta.Str(pod, "namespace"),
            "metadata.uid" => Meta.Uid(pod),
            "metadata.labels" => Formatted(meta["labels"] as JsonObject),
            "metadata.annotations" => Formatted(meta["annotations"] as JsonObject),
            "spec.nodeName" => pod["spec"]?["nodeName"]?.GetValue<string>() ?? "",
            "spec.serviceAccountName" => pod["spec"]?["serviceAccountName"]?.GetValue<string>() ?? "",
            "status.podIP" or "status.hostIP" => pod["status"]?[path[7..]]?.GetValue<string>() ?? "",
            "status.podIPs" => pod["status"]?["podIP"]?.GetValue<string>() ?? "",
            "status.hostIPs" => pod["status"]?["hostIP"]?.GetValue<string>() ?? "",
            _ when Subscript(path, "metadata.labels") is { } key => meta["labels"]?[key]?.GetValue<string>() ?? "",
            _ when Subscript(path, "metadata.annotations") is { } key => meta["annotations"]?[key]?.GetValue<string>() ?? "",
            _ => throw new ContainerConfigException($"env valueFrom.fieldRef.fieldPath: \"{path}\" is not a supported field"),
        };
    }

    private static string? Subscript(string path, string field) =>
        path.StartsWith(field + "['", StringComparison.Ordinal) && path.EndsWith("']", StringComparison.Ordinal) ? path[(field.Length + 2)..^2] : null;

    /// <summary>labels and annotations as the downward API writes them: sorted key="value" lines.</summary>
    private static string Formatted(JsonObject? map) => map is null
        ? ""
        : string.Join('\n', map.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}=\"{kv.Value?.GetValue<string>()}\""));

    private Dictionary<string, string>? Data(string plural, string ns, string name)
    {
        if (lookup(plural, ns, name) is not { } obj)
        {
            return null;
        }

        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in obj["data"] as JsonObject ?? [])
        {
            var text = value?.GetValue<string>() ?? "";
            data[key] = plural == "secrets" ? Encoding.UTF8.GetString(Convert.FromBase64String(text)) : text;
        }

        foreach (var (key, value) in obj["binaryData"] as JsonObject ?? [])
        {
            data[key] = Encoding.UTF8.GetString(Convert.FromBase64String(value?.GetValue<string>() ?? ""));
        }

        if (plural == "secrets")
        {
            foreach (var (key, value) in obj["stringData"] as JsonObject ?? [])
            {
                data[key] = value?.GetValue<string>() ?? "";
            }
        }

        return data;
    }

    private static string Singular(string plural) => plural == "secrets" ? "secret" : "configmap";
}
