using System.Text.Json;
using k8s.Models;
using Sluice.Core.Api;
using Sluice.Core.Gate;
using Sluice.Core.Registration;
using Sluice.Operator.Resources;

namespace Sluice.Operator.Runs;

/// <summary>
/// The end of a run whose stages all succeeded, with no I/O, one step per pass so that each decision is written
/// before it is acted on: the gate's verdict (once), then the ModelVersion's name (vN, pinned in status before the
/// create, so a restart or a lost write never registers twice), then the create, then the ModelRegistered condition
/// once the version is seen. A refused gate ends the run Succeeded with ModelRegistered=False.
/// </summary>
internal static class RunRegistration
{
    public const string ConditionType = "ModelRegistered";

    /// <summary>Whether the run still has registering to do (its phase stays Running until it is done).</summary>
    public static bool Pending(PipelineRunStatus status) =>
        status.PipelineSpec?.Model is not null && status.Conditions?.FirstOrDefault(c => c.Type == ConditionType)?.Status is not ("True" or "False");

    /// <summary>
    /// The ModelVersion to create in this pass, if any; records the verdict, name and condition in
    /// <paramref name="status"/>. <paramref name="versionsOf"/> gives all ModelVersions of the run's namespace.
    /// </summary>
    public static ModelVersionResource? Advance(
        PipelineRunResource run,
        PipelineRunStatus status,
        Func<RunBaseline?> servingNow,
        Func<IReadOnlyCollection<ModelVersionResource>> versionsOf,
        List<RunEvent> events,
        DateTimeOffset now)
    {
        if (!Pending(status))
        {
            return null;
        }

        var model = status.PipelineSpec!.Model!;
        if (status.Gate is null)
        {
            var verdict = RunGate.Evaluate(model, Outcomes(status), status.Baseline, servingNow());
            status.Gate = RunGate.Status(verdict, status.Baseline);
            if (!verdict.Passed)
            {
                events.Add(new RunEvent(true, GateEvaluator.Refused, verdict.Message));
                Set(run, status, "False", verdict.Reason, verdict.Message, now);
                return null;
            }

            events.Add(new RunEvent(false, "GatePassed", verdict.Message));
        }

        if (status.Gate.Result == nameof(GateResult.Refused))
        {
            return null;
        }

        var versions = versionsOf();
        var existing = status.ModelVersion is { } pinned ? versions.FirstOrDefault(v => v.Metadata.Name == pinned) : null;
        if (existing is not null && Ours(existing, run))
        {
            var message = $"registered ModelVersion {existing.Metadata.Name} (model {model.Name}, version {existing.Spec.Version})";
            events.Add(new RunEvent(false, "ModelVersionRegistered", message));
            Set(run, status, "True", "Registered", message, now);
            return null;
        }

        if (status.ModelVersion is null || existing is not null)
        {
            // First pass after the gate, or the pinned name was taken by another run's version: pick the next vN
            // and write it down before creating anything.
            var conflict = existing is null ? "" : $"; {existing.Metadata.Name} belongs to {(Label(existing, RegistrationLabels.Run) is { } other ? $"run {other}" : "someone else")}";
            var taken = versions.Select(v => v.Metadata.Name).ToHashSet(StringComparer.Ordinal);
            status.ModelVersion = ModelVersionNames.Name(model.Name, ModelVersionNames.NextFree(model.Name, versions.Where(v => v.Spec.Model == model.Name).Select(v => v.Spec.Version), taken));
            Set(run, status, "Unknown", "Registering", $"the gate passed: registering ModelVersion {status.ModelVersion}{conflict}", now);
            return null;
        }

        return Draft(run, status, model);
    }

    private static ModelVersionResource Draft(PipelineRunResource run, PipelineRunStatus status, ModelRegistration model)
    {
        var name = status.ModelVersion!;
        var draft = ModelVersionDraft.Build(model, new RegistrationSource(
            name, name[(model.Name.Length + 1)..], run.Metadata.NamespaceProperty, run.Spec.PipelineRef.Name, run.Metadata.Name, run.Metadata.Uid,
            status.Baseline, Outcomes(status)));
        return new ModelVersionResource
        {
            Metadata = new V1ObjectMeta
            {
                Name = draft.Metadata.Name,
                NamespaceProperty = draft.Metadata.Namespace,
                Labels = draft.Metadata.Labels,
                Annotations = draft.Metadata.Annotations,
            },
            Spec = draft.Spec,
        };
    }

    /// <summary>The run's succeeded stages as registration reads them.</summary>
    private static Func<string, StageOutcome?> Outcomes(PipelineRunStatus status)
    {
        var stages = status.Stages!.Where(s => s.Phase == StagePhase.Succeeded).ToDictionary(s => s.Name, StringComparer.Ordinal);
        return name => stages.TryGetValue(name, out var stage)
            ? new StageOutcome(stage.Outputs ?? [], stage.Results is { ValueKind: JsonValueKind.Object } results
                ? results.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal)
                : null)
            : null;
    }

    /// <summary>Whether the version was registered by this run (a reused run name is another run).</summary>
    public static bool Ours(ModelVersionResource version, PipelineRunResource run) =>
        version.Metadata.Annotations is { } annotations && annotations.TryGetValue(RegistrationLabels.RunUid, out var uid) && uid == run.Metadata.Uid;

    private static string? Label(ModelVersionResource version, string key) =>
        version.Metadata.Labels is { } labels && labels.TryGetValue(key, out var value) ? value : null;

    private static void Set(PipelineRunResource run, PipelineRunStatus status, string value, string reason, string message, DateTimeOffset now) =>
        status.Conditions = StatusConditions.Set(status.Conditions, ConditionType, value, reason, message, run.Metadata.Generation, now);
}
