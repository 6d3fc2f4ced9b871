using Sluice.Core.Analysis;
using Sluice.Core.Api;
using Sluice.Core.Rollout;
using Sluice.Operator.Resources;
using Sluice.Operator.Runs;

namespace Sluice.Operator.Serving;

/// <summary>
/// A version's status from its plan: role, phase, URL, the rollout's stored progress and weights, the check of this
/// pass added to the analysis history, and the conditions the plan asks for, each at the version's generation.
/// </summary>
internal static class ServingStatus
{
    public static ModelVersionStatus Build(ModelVersionResource version, VersionPlan plan, CheckResult? check, DateTimeOffset now)
    {
        var ns = version.Metadata.NamespaceProperty;
        var generation = version.Metadata.Generation;
        var service = plan.Role == ModelRole.Stable ? ServingNames.Model(version.Spec.Model) : ServingNames.Version(version.Metadata.Name);
        var status = version.Status is null ? new ModelVersionStatus() : version.Status with { };
        status.ObservedGeneration = generation;
        status.Role = plan.Role;
        status.Phase = plan.Phase;
        status.Url = plan.Phase is ModelVersionPhase.Retired or ModelVersionPhase.Aborted ? null : $"http://{service}.{ns}.svc:{ServingServiceBuilder.Port}";
        status.CanaryWeight = plan.Weight;
        status.EffectiveWeight = plan.EffectiveWeight is { } effective ? (double)effective : null;
        if (plan.Progress is { } progress)
        {
            status.CurrentStepIndex = progress.StepIndex;
            status.StepStartedAt = progress.StepStartedAt;
            status.FailedChecks = progress.Failures;
            status.PausedReason = progress.PausedReason;
            if (plan.RolloutStarted)
            {
                // A rollout (re)started in this pass: the checks of an earlier attempt are not this one's.
                status.LastAnalysis = null;
                status.AnalysisHistory = null;
            }
        }
        else if (plan.Role is ModelRole.Stable or ModelRole.Retired)
        {
            status.PausedReason = null;
        }

        if (check is not null && plan.Progress is { } counted)
        {
            status.LastAnalysis = AnalysisRecords.From(check, now, counted.Failures);
            status.AnalysisHistory = AnalysisRecords.Push(status.AnalysisHistory, status.LastAnalysis);
        }

        if (plan.PromotedAt is { } promoted)
        {
            status.PromotedAt = promoted;
        }

        var conditions = StatusConditions.Set(status.Conditions, "Ready", plan.Ready ? "True" : "False", plan.Reason, plan.Message, generation, now);
        foreach (var (type, condition) in new[] { ("Progressing", plan.Progressing), ("Degraded", plan.Degraded), ("TrafficSplit", plan.TrafficSplit) })
        {
            if (condition is not null)
            {
                conditions = StatusConditions.Set(conditions, type, condition.StatusText, condition.Reason, condition.Message, generation, now);
            }
        }

        status.Conditions = conditions;
        return status;
    }
}
