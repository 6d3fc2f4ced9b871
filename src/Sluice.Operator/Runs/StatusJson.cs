using k8s;

namespace Sluice.Operator.Runs;

/// <summary>Compares statuses by their JSON, the form the API server stores, to skip writes that change nothing.</summary>
internal static class StatusJson
{
    public static bool Same<T>(T? left, T? right)
        where T : class =>
        left is null || right is null ? ReferenceEquals(left, right) : KubernetesJson.Serialize(left) == KubernetesJson.Serialize(right);
}
