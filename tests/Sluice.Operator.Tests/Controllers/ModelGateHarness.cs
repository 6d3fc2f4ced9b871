using k8s;
using k8s.Models;
using Sluice.Core.Api;
using Sluice.Operator.Resources;
using Sluice.Testing.ApiServer;

namespace Sluice.Operator.Tests.Controllers;

/// <summary>
/// A two-stage Pipeline (train, evaluate) that registers model <c>bc</c>, with Jobs scripted to leave the results
/// a real step leaves: the model's sha256, and the candidate's and serving model's metrics.
/// </summary>
internal static class ModelGateHarness
{
    public const string ModelSha = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    public static string Pipeline(string? rules = """- {metric: roc_auc, min: "0.95", minImprovement: "0.002"}""", string? rollout = null)
    {
        var gate = rules is null ? "" : "    gate:\n      rules:\n" + string.Join('\n', rules.Split('\n').Select(l => "        " + l));
        return $$"""
            apiVersion: sluice.dev/v1alpha1
            kind: Pipeline
            metadata: {name: bc}
            spec:
              stages:
                - {name: train, image: busybox, outputs: [model]}
                - {name: evaluate, image: busybox, dependsOn: [train], outputs: [metrics]}
              model:
                name: bc
                artifact: {from: train, name: model}
                metrics: {from: evaluate, name: metrics}
                serving: {replicas: 2}
            {{(rollout is null ? "" : "    rollout: " + rollout + "\n")}}{{gate}}
            """;
    }

    /// <summary>Scripts the run's two Jobs: train reports the model's digest, evaluate the given results.</summary>
    public static void Script(OperatorHarness harness, string run, string evaluateResults, TimeSpan? evaluateFor = null, Task? evaluateUntil = null)
    {
        harness.Server.ScriptJob("default", $"{run}-train-1", JobBehavior.SucceedWith(TimeSpan.FromMilliseconds(50),
            $$$$"""{"artifacts":{"model":{"sha256":"{{{{ModelSha}}}}","size":1234}}}"""));
        harness.Server.ScriptJob("default", $"{run}-evaluate-1", JobBehavior.SucceedWith(evaluateFor ?? TimeSpan.FromMilliseconds(50), evaluateResults) with { Until = evaluateUntil });
    }

    public static async Task<IReadOnlyList<ModelVersionResource>> VersionsAsync(OperatorHarness harness, CancellationToken cancellationToken) =>
        [.. (await harness.Client.CustomObjects.ListNamespacedCustomObjectAsync<CustomResourceList<ModelVersionResource>>(
            ApiGroup.Group, ApiGroup.Version, "default", ModelVersionResource.Plural, cancellationToken: cancellationToken)).Items];

    /// <summary>
    /// What the ModelVersion controller does once a version serves: status.role Stable. The operator is restarted
    /// around it, so its caches hold the new role before the next run starts (a run started while the cache still
    /// shows the old serving version is refused with BaselineChanged, as it should be).
    /// </summary>
    public static async Task PromoteAsync(OperatorHarness harness, string version, CancellationToken cancellationToken)
    {
        await harness.StopOperatorAsync();
        await SetRoleAsync(harness, version, ModelRole.Stable, cancellationToken);
        harness.StartOperator();
    }

    /// <summary>What a person does with <c>sluice promote</c>: the action annotation the ModelVersion controller consumes.</summary>
    public static Task ActAsync(OperatorHarness harness, string version, string action, CancellationToken cancellationToken) =>
        harness.Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch($$$$"""{"metadata":{"annotations":{"sluice.dev/action":"{{{{action}}}}"}}}""", V1Patch.PatchType.MergePatch),
            ApiGroup.Group, ApiGroup.Version, "default", ModelVersionResource.Plural, version, cancellationToken: cancellationToken);

    /// <summary>Sets a version's status.role, as the ModelVersion controller would.</summary>
    public static Task SetRoleAsync(OperatorHarness harness, string version, ModelRole role, CancellationToken cancellationToken) =>
        harness.Client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch($$$"""{"status":{"role":"{{{role}}}"}}""", V1Patch.PatchType.MergePatch),
            ApiGroup.Group, ApiGroup.Version, "default", ModelVersionResource.Plural, version, cancellationToken: cancellationToken);

    public static Condition? Registered(PipelineRunResource run) => run.Status?.Conditions?.FirstOrDefault(c => c.Type == "ModelRegistered");

    public static Task<PipelineRunResource> WaitForRegistrationAsync(OperatorHarness harness, string run, CancellationToken cancellationToken) =>
        harness.WaitForRunAsync(run, r => r.Status?.Phase is RunPhase.Succeeded or RunPhase.Failed && Registered(r)?.Status is "True" or "False", cancellationToken);
}
