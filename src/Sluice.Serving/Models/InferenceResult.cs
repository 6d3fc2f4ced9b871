using Sluice.Serving.Protocol;

namespace Sluice.Serving.Models;

/// <summary>
/// The outputs of one request, how long ONNX Runtime took and how many rows the run carried. Of the requests
/// sharing a batched run exactly one has OwnsRun set, so per-run metrics count runs, not requests.
/// </summary>
internal sealed record InferenceResult(IReadOnlyList<TensorData> Outputs, double InferenceSeconds, int BatchRows, bool OwnsRun = true);
