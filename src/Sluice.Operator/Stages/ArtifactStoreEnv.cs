using k8s.Models;
using Sluice.Core.Api;

namespace Sluice.Operator.Stages;

/// <summary>
/// The environment a pod that reads or writes the artifact store gets (a serving pod, a drift evaluation Job): the
/// S3 endpoint, and the credentials only by secretKeyRef, so the operator never holds them.
/// </summary>
internal static class ArtifactStoreEnv
{
    public static List<V1EnvVar> For(string? endpoint, CredentialsSecretReference? secret)
    {
        var env = new List<V1EnvVar>();
        if (endpoint is not null)
        {
            env.Add(new V1EnvVar { Name = "SLUICE_S3_ENDPOINT", Value = endpoint });
        }

        if (secret is { Name.Length: > 0 })
        {
            env.Add(SecretKey(StageEnvironment.DefaultAccessKeyIdKey, secret.Name, secret.AccessKeyIdKey ?? StageEnvironment.DefaultAccessKeyIdKey));
            env.Add(SecretKey(StageEnvironment.DefaultSecretAccessKeyKey, secret.Name, secret.SecretAccessKeyKey ?? StageEnvironment.DefaultSecretAccessKeyKey));
        }

        return env;
    }

    private static V1EnvVar SecretKey(string name, string secret, string key) =>
        new() { Name = name, ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = secret, Key = key } } };
}
