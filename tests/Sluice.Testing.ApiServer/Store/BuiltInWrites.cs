using System.Text;
using System.Text.Json.Nodes;
using Sluice.Testing.ApiServer.Resources;
using Sluice.Testing.ApiServer.Store.Defaults;

namespace Sluice.Testing.ApiServer.Store;

/// <summary>
/// What kube-apiserver 1.32 does to a built-in object on every write before it is stored, in its order: decoding
/// (timestamps to whole seconds, quantities to canonical form), defaulting (the SetDefaults_* functions of
/// pkg/apis/*/v1/defaults.go, run on create, update and status writes alike), the registry strategy
/// (PrepareForCreate/PrepareForUpdate of pkg/registry/*), the ServiceAccount admission default, validation the
/// defaults make matter (a Job's restartPolicy), Service IP and port allocation, and the shapes Go's encoder gives
/// struct-typed fields. Custom resources are stored as written (their schema defaults are <see cref="Schema.SchemaProcessor"/>'s).
/// One instance per server: it holds the server's ClusterIP and NodePort allocations.
/// </summary>
internal sealed class BuiltInWrites
{
    private readonly ServiceAllocations services = new(new ServiceAllocator());

    public void Created(ResourceType t, JsonObject obj, bool keepStatus)
    {
        if (t.IsCustom)
        {
            return;
        }
        TimeFields.Normalize(t, obj);
        Default(t, obj);
        switch (t.StorageKey)
        {
            case "/pods":
                PodDefaults.Created(t, obj, keepStatus);
                break;
            case "batch/jobs":
                JobDefaults.Created(obj);
                break;
            case "/namespaces":
                // namespaceStrategy.PrepareForCreate (pkg/registry/core/namespace/strategy.go) requires the kubernetes finalizer.
                var spec = JsonFields.Ensure(obj, "spec");
                if (!JsonFields.Strings(spec, "finalizers").Contains("kubernetes"))
                {
                    spec["finalizers"] = JsonFields.StringArray([.. JsonFields.Strings(spec, "finalizers"), "kubernetes"]);
                }
                break;
        }
        Validate(t, obj);
        if (t.StorageKey == "/services")
        {
            // Last: nothing may fail once the ClusterIP is taken.
            services.Create(obj);
        }
        StatusShapes.Apply(t.StorageKey, obj);
    }

    public void Updated(ResourceType t, JsonObject next, JsonObject old, WriteScope scope)
    {
        if (t.IsCustom)
        {
            return;
        }
        TimeFields.Normalize(t, next);
        Default(t, next);
        if (scope == WriteScope.Status && t.StorageKey == "/pods")
        {
            PodDefaults.StatusWritten(next, old);
        }
        Validate(t, next);
        if (scope != WriteScope.Status && t.StorageKey == "/services")
        {
            services.Update(next, old);
        }
        StatusShapes.Apply(t.StorageKey, next);
    }

    /// <summary>afterDelete of the Service storage: its ClusterIPs and NodePorts go back to the pools.</summary>
    public void Removed(ResourceType t, JsonObject obj)
    {
        if (!t.IsCustom && t.StorageKey == "/services")
        {
            services.Deleted(obj);
        }
    }

    private static void Default(ResourceType t, JsonObject obj)
    {
        switch (t.StorageKey)
        {
            case "/pods":
                PodDefaults.Apply(t, obj);
                break;
            case "apps/deployments":
                WorkloadDefaults.Deployment(t, obj);
                break;
            case "apps/replicasets":
                WorkloadDefaults.ReplicaSet(t, obj);
                break;
            case "batch/jobs":
                JobDefaults.Apply(t, obj);
                break;
            case "batch/cronjobs":
                WorkloadDefaults.CronJob(t, obj);
                break;
            case "/services":
                ServiceDefaults.Apply(obj);
                break;
            case "/secrets":
                NormalizeSecret(obj);
                break;
            case "/namespaces" when Meta.Name(obj).Length > 0:
                // SetDefaults_Namespace (pkg/apis/core/v1/defaults.go).
                JsonFields.Ensure(Meta.Of(obj), "labels")["kubernetes.io/metadata.name"] = Meta.Name(obj);
                break;
            case "/persistentvolumeclaims":
                VolumeDefaults.ClaimSpec(t, JsonFields.Ensure(obj, "spec"));
                break;
            case "/endpoints":
                // SetDefaults_Endpoints.
                foreach (var port in JsonFields.Items(obj, "subsets").SelectMany(s => JsonFields.Items(s, "ports")))
                {
                    JsonFields.Default(port, "protocol", "TCP");
                }
                break;
            case "coordination.k8s.io/leases":
                // LeaseSpec is a struct: spec reads back as {} when the client sent none.
                JsonFields.Ensure(obj, "spec");
                break;
        }
    }

    private static void Validate(ResourceType t, JsonObject obj)
    {
        if (t.StorageKey == "batch/jobs")
        {
            JobDefaults.Validate(obj);
        }
    }

    /// <summary>
    /// stringData is write-only: its entries are base64-encoded into data (overriding keys there) and the field is
    /// never stored, so readers only ever see data. The type defaults to Opaque (SetDefaults_Secret).
    /// </summary>
    private static void NormalizeSecret(JsonObject secret)
    {
        if (secret["stringData"] is JsonObject stringData)
        {
            var data = secret["data"] as JsonObject ?? [];
            foreach (var (key, value) in stringData)
            {
                var text = value is JsonValue v && v.TryGetValue(out string? s) ? s : value?.ToJsonString() ?? "";
                data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
            }
            secret["data"] = data;
        }
        secret.Remove("stringData");
        if (secret["type"] is null)
        {
            secret["type"] = "Opaque";
        }
    }
}
