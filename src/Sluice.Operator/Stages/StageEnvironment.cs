using System.Globalization;
using k8s.Models;
using Sluice.Core.Api;
using Sluice.Core.Registration;
using Sluice.Core.Validation;

namespace Sluice.Operator.Stages;

/// <summary>The environment of a stage container: the SLUICE_* stage contract (docs/stage-contract.md), then the stage's own env.</summary>
internal static class StageEnvironment
{
    public const string DefaultAccessKeyIdKey = "AWS_ACCESS_KEY_ID";
    public const string DefaultSecretAccessKeyKey = "AWS_SECRET_ACCESS_KEY";

    /// <summary>SLUICE_INPUT_&lt;NAME&gt; / SLUICE_OUTPUT_&lt;NAME&gt;: the artifact name upper-cased, '-' and '.' turned to '_'.</summary>
    public static string VariableName(string kind, string artifact) =>
        $"SLUICE_{kind}_{artifact.ToUpperInvariant().Replace('-', '_').Replace('.', '_')}";

    public static List<V1EnvVar> Build(StageJobRequest request)
    {
        var contract = Contract(request);

        // The contract comes first so the stage's own values can use Kubernetes' $(SLUICE_RUN) expansion, and it wins
        // over a stage variable of the same name: a stage must not be able to point another run's URIs at itself.
        var names = contract.Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var env in request.Stage.Env ?? [])
        {
            if (names.Add(env.Name))
            {
                contract.Add(new V1EnvVar
                {
                    Name = env.Name,
                    Value = env.Value is null ? null : ParamReferences.Substitute(env.Value, request.Params),
                    ValueFrom = ValueFrom(env.ValueFrom),
                });
            }
        }

        return contract;
    }

    private static List<V1EnvVar> Contract(StageJobRequest request)
    {
        var stage = request.Stage;
        var artifacts = request.Artifacts;
        var env = new List<V1EnvVar>
        {
            Var("SLUICE_PIPELINE", request.PipelineName),
            Var("SLUICE_RUN", request.RunName),
            Var("SLUICE_STAGE", stage.Name),
            Var("SLUICE_ATTEMPT", request.Attempt.ToString(CultureInfo.InvariantCulture)),
            Var("SLUICE_NAMESPACE", request.Namespace),
            Var("SLUICE_ARTIFACTS_URI", artifacts.RunUri),
        };

        if (request.Spec.Model is not null)
        {
            env.Add(Var(RunGate.BaselineModelVariable, request.BaselineModelUri ?? ""));
        }

        foreach (var input in stage.Inputs ?? [])
        {
            env.Add(Var(VariableName("INPUT", input.Name), $"{artifacts.RunUri}/{input.From}/{input.Name}"));
        }

        foreach (var output in stage.Outputs ?? [])
        {
            env.Add(Var(VariableName("OUTPUT", output), $"{artifacts.RunUri}/{stage.Name}/{output}"));
        }

        if (artifacts.Endpoint is not null)
        {
            env.Add(Var("SLUICE_S3_ENDPOINT", artifacts.Endpoint));
        }

        if (artifacts.Region is not null)
        {
            env.Add(Var("AWS_REGION", artifacts.Region));
        }

        if (artifacts.Secret is { } secret)
        {
            // Only a reference: the kubelet reads the Secret, so the keys never appear in the Job, its events or our logs.
            env.Add(Var("AWS_ACCESS_KEY_ID", null, SecretKey(secret.Name, secret.AccessKeyIdKey ?? DefaultAccessKeyIdKey)));
            env.Add(Var("AWS_SECRET_ACCESS_KEY", null, SecretKey(secret.Name, secret.SecretAccessKeyKey ?? DefaultSecretAccessKeyKey)));
        }

        return env;
    }

    public static List<V1EnvFromSource>? EnvFrom(List<EnvFromSource>? sources) =>
        sources?.Select(s => new V1EnvFromSource
        {
            Prefix = s.Prefix,
            SecretRef = s.SecretRef is { } secret ? new V1SecretEnvSource { Name = secret.Name, Optional = secret.Optional } : null,
            ConfigMapRef = s.ConfigMapRef is { } map ? new V1ConfigMapEnvSource { Name = map.Name, Optional = map.Optional } : null,
        }).ToList();

    private static V1EnvVar Var(string name, string? value, V1EnvVarSource? valueFrom = null) =>
        new() { Name = name, Value = value, ValueFrom = valueFrom };

    private static V1EnvVarSource SecretKey(string name, string key) =>
        new() { SecretKeyRef = new V1SecretKeySelector { Name = name, Key = key } };

    private static V1EnvVarSource? ValueFrom(EnvVarSource? source) => source is null
        ? null
        : new V1EnvVarSource
        {
            SecretKeyRef = source.SecretKeyRef is { } s ? new V1SecretKeySelector { Name = s.Name, Key = s.Key, Optional = s.Optional } : null,
            ConfigMapKeyRef = source.ConfigMapKeyRef is { } c ? new V1ConfigMapKeySelector { Name = c.Name, Key = c.Key, Optional = c.Optional } : null,
            FieldRef = source.FieldRef is { } f ? new V1ObjectFieldSelector { FieldPath = f.FieldPath } : null,
        };
}
