using k8s.Models;

namespace Sluice.Operator.Serving;

/// <summary>One side of a canary: the version's name, its Ready pods and the port its servers listen on.</summary>
internal sealed record ArmPods(string Version, IReadOnlyList<V1Pod> Pods, int Port);
