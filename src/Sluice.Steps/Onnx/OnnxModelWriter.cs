using System.Globalization;

namespace Sluice.Steps.Onnx;

/// <summary>
/// Writes a <see cref="LinearModel"/> as an ONNX model (IR 8, opset 17) by hand-encoding the protobuf messages.
/// Input <c>input</c> float [N, F]. Binary: output <c>probability</c> float [N, 1] (of the second class).
/// Multi-class: <c>probabilities</c> float [N, K] and <c>label</c> int64 [N] (the class value when classes are
/// integers, else its index). Metadata: <c>sluice.feature_names</c>, <c>sluice.classes</c>.
/// </summary>
internal static class OnnxModelWriter
{
    public const string InputName = "input";
    private const long IrVersion = 8;
    private const long Opset = 17;
    private const int FloatType = 1;
    private const int Int64Type = 7;

    public static byte[] Write(LinearModel model, string producerVersion)
    {
        var features = model.FeatureNames.Count;
        var outputs = model.Bias.Length;
        var weights = new float[features * outputs];
        for (var j = 0; j < features; j++)
        {
            for (var k = 0; k < outputs; k++)
            {
                weights[(j * outputs) + k] = (float)model.Weights[j, k];
            }
        }

        var integerClasses = model.Classes.All(c => long.TryParse(c, NumberStyles.Integer, CultureInfo.InvariantCulture, out _));
        var proto = new ProtoWriter()
            .Int64(1, IrVersion)
            .String(2, "sluice")
            .String(3, producerVersion)
            .String(4, "dev.sluice")
            .Int64(5, 1)
            .Message(7, graph =>
            {
                Node(graph, "Sub", ["input", "mean"], ["centered"]);
                Node(graph, "Div", ["centered", "scale"], ["standardized"]);
                Node(graph, "MatMul", ["standardized", "weights"], ["linear"]);
                Node(graph, "Add", ["linear", "bias"], ["logits"]);
                graph.String(2, "sluice_linear");
                Tensor(graph, "mean", [features], model.Mean.Select(v => (float)v).ToArray());
                Tensor(graph, "scale", [features], model.Scale.Select(v => (float)v).ToArray());
                Tensor(graph, "weights", [features, outputs], weights);
                Tensor(graph, "bias", [outputs], model.Bias.Select(v => (float)v).ToArray());
                ValueInfo(graph, 11, InputName, FloatType, [null, features]);
                if (model.IsBinary)
                {
                    Node(graph, "Sigmoid", ["logits"], ["probability"]);
                    ValueInfo(graph, 12, "probability", FloatType, [null, 1]);
                }
                else
                {
                    Node(graph, "Softmax", ["logits"], ["probabilities"], ("axis", -1));
                    if (integerClasses)
                    {
                        Node(graph, "ArgMax", ["probabilities"], ["label_index"], ("axis", 1), ("keepdims", 0));
                        graph.Message(5, t => t.PackedInt64s(1, [model.Classes.Count]).Int64(2, Int64Type).String(8, "class_values")
                            .PackedInt64s(7, model.Classes.Select(c => long.Parse(c, CultureInfo.InvariantCulture)).ToArray()));
                        Node(graph, "Gather", ["class_values", "label_index"], ["label"], ("axis", 0));
                    }
                    else
                    {
                        Node(graph, "ArgMax", ["probabilities"], ["label"], ("axis", 1), ("keepdims", 0));
                    }

                    ValueInfo(graph, 12, "probabilities", FloatType, [null, outputs]);
                    ValueInfo(graph, 12, "label", Int64Type, [null]);
                }
            })
            .Message(8, opset => opset.String(1, "").Int64(2, Opset))
            .Message(14, kv => kv.String(1, "sluice.feature_names").String(2, string.Join(',', model.FeatureNames)))
            .Message(14, kv => kv.String(1, "sluice.classes").String(2, string.Join(',', model.Classes)));
        return proto.ToArray();
    }

    internal static void Node(ProtoWriter graph, string op, string[] inputs, string[] outputs, params (string Name, long Value)[] attributes) =>
        graph.Message(1, node =>
        {
            foreach (var input in inputs)
            {
                node.String(1, input);
            }

            foreach (var output in outputs)
            {
                node.String(2, output);
            }

            node.String(3, $"{op}_{outputs[0]}").String(4, op);
            foreach (var (name, value) in attributes)
            {
                node.Message(5, a => a.String(1, name).Int64(3, value).Int64(20, 2));
            }
        });

    internal static void Tensor(ProtoWriter graph, string name, long[] dims, float[] data) =>
        graph.Message(5, t => t.PackedInt64s(1, dims).Int64(2, FloatType).PackedFloats(4, data).String(8, name));

    internal static void ValueInfo(ProtoWriter graph, int field, string name, int elementType, long?[] shape) =>
        graph.Message(field, vi => vi.String(1, name).Message(2, type => type.Message(1, tensor => tensor
            .Int64(1, elementType)
            .Message(2, s =>
            {
                foreach (var dim in shape)
                {
                    s.Message(1, d =>
                    {
                        if (dim is { } value)
                        {
                            d.Int64(1, value);
                        }
                        else
                        {
                            d.String(2, "N");
                        }
                    });
                }
            }))));
}
