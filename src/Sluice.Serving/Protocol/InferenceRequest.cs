namespace Sluice.Serving.Protocol;

/// <summary>A validated v2 inference request: inputs in model order, the outputs asked for.</summary>
internal sealed record InferenceRequest(string? Id, IReadOnlyList<TensorData> Inputs, IReadOnlyList<string> Outputs)
{
    public int Rows => Inputs.Count == 0 ? 0 : Inputs[0].Rows;
}
