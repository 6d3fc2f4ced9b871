using Sluice.Serving.Protocol;

namespace Sluice.Serving.Models;

/// <summary>The outputs of one request, how long ONNX Runtime took and how many rows the run carried.</summary>
internal sealed record InferenceResult(IReadOnlyList<TensorData> Outputs, double InferenceSeconds, int BatchRows);
