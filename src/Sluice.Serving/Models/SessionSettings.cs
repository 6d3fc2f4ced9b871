using Microsoft.ML.OnnxRuntime;

namespace Sluice.Serving.Models;

/// <summary>ONNX Runtime session options a user may set.</summary>
public sealed record SessionSettings
{
    /// <summary>0 lets ONNX Runtime choose.</summary>
    public int IntraOpThreads { get; init; } = 1;

    public int InterOpThreads { get; init; } = 1;

    public GraphOptimizationLevel OptimizationLevel { get; init; } = GraphOptimizationLevel.ORT_ENABLE_ALL;

    public SessionOptions ToSessionOptions() => new()
    {
        IntraOpNumThreads = IntraOpThreads,
        InterOpNumThreads = InterOpThreads,
        GraphOptimizationLevel = OptimizationLevel,
        ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
    };

    public static GraphOptimizationLevel ParseLevel(string value) => value.ToLowerInvariant() switch
    {
        "none" or "disable" => GraphOptimizationLevel.ORT_DISABLE_ALL,
        "basic" => GraphOptimizationLevel.ORT_ENABLE_BASIC,
        "extended" => GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
        "all" => GraphOptimizationLevel.ORT_ENABLE_ALL,
        _ => throw new ArgumentException($"graph optimisation level \"{value}\" is not one of none, basic, extended, all"),
    };
}
