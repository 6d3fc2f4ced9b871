using Sluice.Serving.Models;
using Sluice.Serving.Protocol;

namespace Sluice.Serving.Logging;

/// <summary>A sampled request waiting to be serialised, one line per row.</summary>
internal sealed record RequestLogEntry(LoadedModel Model, string RequestId, DateTimeOffset Timestamp,
    IReadOnlyList<TensorData> Inputs, IReadOnlyList<TensorData> Outputs)
{
    public int Rows => Inputs.Count == 0 ? 0 : Inputs[0].Rows;
}
