using System.Text.Json.Nodes;
using Sluice.Testing.ApiServer.Resources;

namespace Sluice.Testing.ApiServer.Store.Defaults;

/// <summary>
/// Pod templates (of Deployments, ReplicaSets, Jobs, CronJobs): the pod spec defaults of SetObjectDefaults_PodTemplate
/// without the Pod-only ones, and the shape of an embedded ObjectMeta. Its creationTimestamp is a metav1.Time struct
/// that Go's encoding/json cannot omit, so 1.32 writes it as null: every template reads back with
/// <c>metadata: {creationTimestamp: null}</c> even when the client sent no metadata at all.
/// </summary>
internal static class Templates
{
    public static void Apply(ResourceType t, JsonObject? template)
    {
        if (template is null)
        {
            return;
        }
        Metadata(template);
        PodSpecDefaults.Apply(t, JsonFields.Ensure(template, "spec"));
    }

    /// <summary>The embedded metadata of a template, with the null creationTimestamp a zero metav1.Time writes.</summary>
    public static void Metadata(JsonObject template)
    {
        var meta = JsonFields.Ensure(template, "metadata");
        if (!meta.ContainsKey("creationTimestamp"))
        {
            meta["creationTimestamp"] = null;
        }
    }
}
