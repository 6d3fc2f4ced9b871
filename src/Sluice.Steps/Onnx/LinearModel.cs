namespace Sluice.Steps.Onnx;

/// <summary>
/// A trained linear classifier over standardised features: z = ((x - Mean) / Scale) · W + B, then a sigmoid
/// (binary: one weight column, the probability of <c>Classes[1]</c>) or a softmax over <c>Classes</c>.
/// </summary>
internal sealed record LinearModel(
    IReadOnlyList<string> FeatureNames,
    IReadOnlyList<string> Classes,
    double[] Mean,
    double[] Scale,
    double[,] Weights,
    double[] Bias)
{
    public bool IsBinary => Classes.Count == 2;

    /// <summary>Class probabilities of one row, in the order of <see cref="Classes"/>.</summary>
    public double[] PredictProbabilities(ReadOnlySpan<double> row)
    {
        var outputs = Bias.Length;
        var z = new double[outputs];
        for (var k = 0; k < outputs; k++)
        {
            var sum = Bias[k];
            for (var j = 0; j < FeatureNames.Count; j++)
            {
                sum += (row[j] - Mean[j]) / Scale[j] * Weights[j, k];
            }

            z[k] = sum;
        }

        if (IsBinary)
        {
            var p = 1 / (1 + Math.Exp(-z[0]));
            return [1 - p, p];
        }

        var max = z.Max();
        var exp = z.Select(v => Math.Exp(v - max)).ToArray();
        var total = exp.Sum();
        return exp.Select(v => v / total).ToArray();
    }
}
