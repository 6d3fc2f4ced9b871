using System.Text.Json.Nodes;
using Sluice.Testing.ApiServer.Resources;

namespace Sluice.Testing.ApiServer.Store.Defaults;

/// <summary>
/// batch/v1 Jobs: SetDefaults_Job (pkg/apis/batch/v1/defaults.go) on every write, the generated selector of
/// jobStrategy.PrepareForCreate (pkg/registry/batch/job/strategy.go: generateSelectorIfNeeded) at creation, and the
/// restartPolicy check of ValidateJobSpec (pkg/apis/batch/validation/validation.go).
/// </summary>
internal static class JobDefaults
{
    private const string ControllerUid = "batch.kubernetes.io/controller-uid";
    private const string JobName = "batch.kubernetes.io/job-name";

    public static void Apply(ResourceType t, JsonObject job)
    {
        var spec = JsonFields.Ensure(job, "spec");
        if (spec["completions"] is null && spec["parallelism"] is null)
        {
            spec["completions"] = 1;
            spec["parallelism"] = 1;
        }
        JsonFields.Default(spec, "parallelism", 1);
        JsonFields.Default(spec, "backoffLimit", spec["backoffLimitPerIndex"] is null ? 6 : int.MaxValue);
        LabelsFromTemplate(job);
        JsonFields.Default(spec, "completionMode", "NonIndexed");
        JsonFields.Default(spec, "suspend", false);
        var failurePolicy = JsonFields.Object(spec, "podFailurePolicy");
        foreach (var pattern in JsonFields.Items(failurePolicy, "rules").SelectMany(r => JsonFields.Items(r, "onPodConditions")))
        {
            JsonFields.Default(pattern, "status", "True");
        }
        JsonFields.Default(spec, "podReplacementPolicy", failurePolicy is null ? "TerminatingOrFailed" : "Failed");
        JsonFields.Default(spec, "manualSelector", false);
        Templates.Apply(t, JsonFields.Ensure(spec, "template"));
    }

    /// <summary>
    /// generateSelector: the template gets job-name and controller-uid labels (legacy and batch.kubernetes.io/ forms)
    /// unless the user set them, the selector matches batch.kubernetes.io/controller-uid. A Job without labels of its
    /// own then reads back with the template's labels (SetDefaults_Job runs again when the object is read).
    /// </summary>
    public static void Created(JsonObject job)
    {
        var spec = JsonFields.Ensure(job, "spec");
        if (spec["manualSelector"] is JsonValue manual && manual.TryGetValue(out bool isManual) && isManual)
        {
            return;
        }
        var name = Meta.Name(job);
        var uid = Meta.Uid(job);
        var labels = JsonFields.Ensure(JsonFields.Ensure(JsonFields.Ensure(spec, "template"), "metadata"), "labels");
        foreach (var (key, value) in new[] { ("job-name", name), (JobName, name), ("controller-uid", uid), (ControllerUid, uid) })
        {
            if (!labels.ContainsKey(key))
            {
                labels[key] = value;
            }
        }
        var matchLabels = JsonFields.Ensure(JsonFields.Ensure(spec, "selector"), "matchLabels");
        if (!matchLabels.ContainsKey(ControllerUid))
        {
            matchLabels[ControllerUid] = uid;
        }
        LabelsFromTemplate(job);
    }

    public static void Validate(JsonObject job)
    {
        var policy = JsonFields.Str(JsonFields.Object(JsonFields.Object(JsonFields.Object(job, "spec"), "template"), "spec"), "restartPolicy");
        if (policy is not ("OnFailure" or "Never"))
        {
            throw ApiException.Invalid("Job", "batch", Meta.Name(job),
                [("spec.template.spec.restartPolicy", "FieldValueNotSupported", $"Unsupported value: \"{policy}\": supported values: \"OnFailure\", \"Never\"")]);
        }
    }

    private static void LabelsFromTemplate(JsonObject job)
    {
        var templateLabels = JsonFields.Object(JsonFields.Object(JsonFields.Object(JsonFields.Object(job, "spec"), "template"), "metadata"), "labels");
        if (templateLabels is not null && JsonFields.Object(Meta.Of(job), "labels") is not { Count: > 0 })
        {
            Meta.Of(job)["labels"] = templateLabels.DeepClone();
        }
    }
}
