namespace Sluice.Serving.Tests;

/// <summary>
/// What skl2onnx emits for a LogisticRegression trained on string class labels: an ai.onnx.ml LinearClassifier
/// giving a string label tensor and class scores, then a ZipMap turning the scores into {label: probability} maps.
/// Input "float_input" float [N, 2]; outputs "output_label" string [N] and "output_probability" seq(map(string, float)).
/// </summary>
internal static class SklearnLogisticModel
{
    public static readonly string[] Classes = ["setosa", "versicolor", "virginica"];

    private const int Float = 1;
    private const int String = 8;

    public static byte[] Build()
    {
        var classifier = new ProtoWriter().String(1, "float_input").String(2, "label").String(2, "probability_tensor")
            .String(3, "LinearClassifier").String(4, "LinearClassifier").String(7, "ai.onnx.ml")
            .Message(5, new ProtoWriter().String(1, "coefficients").Int(20, 6).Floats(7, 4f, 0f, 0f, 0f, 0f, 4f))
            .Message(5, new ProtoWriter().String(1, "intercepts").Int(20, 6).Floats(7, 0f, 1f, 0f))
            .Message(5, Strings("classlabels_strings"))
            .Message(5, new ProtoWriter().String(1, "post_transform").Int(20, 3).String(4, "SOFTMAX"));
        var zipMap = new ProtoWriter().String(1, "probability_tensor").String(2, "output_probability")
            .String(3, "ZipMap").String(4, "ZipMap").String(7, "ai.onnx.ml")
            .Message(5, Strings("classlabels_strings"));
        var identity = new ProtoWriter().String(1, "label").String(2, "output_label").String(3, "Identity").String(4, "Identity");
        var graph = new ProtoWriter()
            .Message(1, classifier)
            .Message(1, identity)
            .Message(1, zipMap)
            .String(2, "sklearn_logistic")
            .Message(11, OnnxTypes.Value("float_input", OnnxTypes.Tensor(Float, -1, 2)))
            .Message(12, OnnxTypes.Value("output_label", OnnxTypes.Tensor(String, -1)))
            .Message(12, OnnxTypes.Value("output_probability", OnnxTypes.SequenceOfMaps(String, Float)));
        return new ProtoWriter()
            .Int(1, 8)
            .String(2, "skl2onnx")
            .Message(7, graph)
            .Message(8, new ProtoWriter().String(1, "").Int(2, 15))
            .Message(8, new ProtoWriter().String(1, "ai.onnx.ml").Int(2, 1))
            .ToArray();
    }

    private static ProtoWriter Strings(string name)
    {
        var attribute = new ProtoWriter().String(1, name).Int(20, 8);
        foreach (var c in Classes)
        {
            attribute.String(9, c);
        }

        return attribute;
    }
}
