using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Sluice.Core.Api;
using Sluice.Core.Rollout;
using Sluice.Operator;

namespace Sluice.Cli.Rollout;

/// <summary>
/// `sluice promote|abort|pause|resume|retry MV`: sets the <c>sluice.dev/action</c> annotation the operator acts on
/// and removes, the same request as <c>kubectl annotate --overwrite</c> or an Argo CD resource action, so a person
/// needs no status-write rights.
/// </summary>
internal abstract class RolloutActionCommand(RolloutAction action, string summary, string effect) : ICliCommand
{
    public string Name => RolloutActions.Verb(action);

    public string Summary => summary;

    public string Usage => $"""
        Usage: sluice {Name} MODELVERSION [--namespace NS] [--kubeconfig PATH]

        {effect}
        Sets the annotation {RolloutActions.Annotation}={Name} on the ModelVersion; the operator acts on it,
        records the change in status and Events, and removes the annotation.

          --namespace, -n NS   namespace of the ModelVersion (default: the kubeconfig context's, else default)
          --kubeconfig PATH    kubeconfig to use (default: in-cluster, else ~/.kube/config)
        """;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, CancellationToken cancellationToken)
    {
        var reader = new ArgReader(args, flags: [], values: ["--namespace", "-n", "--kubeconfig"]);
        if (reader.Positionals.Count != 1)
        {
            throw new UsageException("give exactly one MODELVERSION");
        }

        var name = reader.Positionals[0];
        KubernetesClientConfiguration config;
        try
        {
            config = OperatorHost.ClientConfiguration(reader.Optional("--kubeconfig"));
        }
        catch (k8s.Exceptions.KubeConfigException e)
        {
            await context.Error.WriteLineAsync($"sluice {Name}: {e.Message} (give --kubeconfig PATH)").ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        var ns = reader.Optional("--namespace") ?? reader.Optional("-n") ?? config.Namespace ?? "default";
        using var client = new Kubernetes(config);
        var patch = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [RolloutActions.Annotation] = Name } } }.ToJsonString();
        try
        {
            await client.CustomObjects.PatchNamespacedCustomObjectAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch), ApiGroup.Group, ApiGroup.Version, ns,
                "modelversions", name, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            await context.Error.WriteLineAsync($"sluice {Name}: modelversion \"{name}\" not found in namespace \"{ns}\"").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
        catch (HttpOperationException e)
        {
            await context.Error.WriteLineAsync($"sluice {Name}: modelversion \"{name}\": the API server answered {(int)e.Response.StatusCode}: {e.Response.Content}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        await context.Out.WriteLineAsync($"modelversion.sluice.dev/{name} {Name} requested ({RolloutActions.Annotation}={Name}); watch it with: kubectl get mv {name} -n {ns} -w").ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
