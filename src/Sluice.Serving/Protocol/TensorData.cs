using Microsoft.ML.OnnxRuntime.Tensors;

namespace Sluice.Serving.Protocol;

/// <summary>
/// A decoded tensor: Data is a typed array (float[], long[], bool[], string[], ...) in row-major order,
/// or for non-tensor outputs (sequences of maps) an object?[] of dictionaries.
/// </summary>
internal sealed record TensorData(string Name, TensorElementType ElementType, long[] Shape, Array Data)
{
    public bool IsMapSequence { get; init; }

    public int Rows => Shape.Length == 0 ? 1 : (int)Shape[0];

    public int RowLength => Rows == 0 ? 0 : Data.Length / Rows;

    public string DataType => IsMapSequence ? "BYTES" : V2DataType.FromOnnx(ElementType);
}
