using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Sluice.Serving.Models;

/// <summary>A model input or output as the protocol describes it; -1 marks a variable dimension.</summary>
public sealed record TensorSpec(string Name, TensorElementType ElementType, long[] Shape, bool IsTensor)
{
    internal static TensorSpec From(string name, NodeMetadata meta) => meta.IsTensor
        ? new TensorSpec(name, meta.ElementDataType, meta.Dimensions.Select(d => d < 0 ? -1L : d).ToArray(), true)
        : new TensorSpec(name, TensorElementType.String, [-1], false);
}
