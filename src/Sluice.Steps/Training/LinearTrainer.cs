using Sluice.Steps.Data;
using Sluice.Steps.Onnx;

namespace Sluice.Steps.Training;

/// <summary>Options of logistic/softmax regression: L2 strength, the iteration budget and the convergence tolerance.</summary>
internal sealed record TrainerOptions(double L2 = 1e-3, int MaxIterations = 3000, double LearningRate = 0.5, double Tolerance = 1e-6);

/// <summary>
/// Logistic regression (two classes) or softmax regression (more), on standardised features with L2 regularisation,
/// fitted by full-batch gradient descent from zero weights. Full batches make the result a pure function of the data
/// and options: the same split always gives the same model, bit for bit.
/// </summary>
internal static class LinearTrainer
{
    public static (LinearModel Model, int Iterations, double Loss) Train(FeatureMatrix data, TrainerOptions options)
    {
        var classes = data.Classes();
        if (classes.Count < 2)
        {
            throw new StepException($"the target has only one class ({string.Join(", ", classes)}); a classifier needs at least two");
        }

        var n = data.Rows.Length;
        var f = data.FeatureNames.Count;
        var (mean, scale) = Standardisation(data.Rows, f);
        var x = data.Rows.Select(r => Enumerable.Range(0, f).Select(j => (r[j] - mean[j]) / scale[j]).ToArray()).ToArray();
        var classIndex = classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        var y = data.Targets.Select(t => classIndex[t]).ToArray();
        var binary = classes.Count == 2;
        var k = binary ? 1 : classes.Count;
        var w = new double[f, k];
        var b = new double[k];
        var gradW = new double[f, k];
        var gradB = new double[k];
        var p = new double[k];
        var iterations = 0;
        double loss = 0;
        for (; iterations < options.MaxIterations; iterations++)
        {
            Array.Clear(gradW);
            Array.Clear(gradB);
            loss = 0;
            for (var r = 0; r < n; r++)
            {
                Probabilities(x[r], w, b, binary, p);
                for (var c = 0; c < k; c++)
                {
                    var target = binary ? (y[r] == 1 ? 1.0 : 0.0) : (y[r] == c ? 1.0 : 0.0);
                    var error = p[c] - target;
                    gradB[c] += error;
                    for (var j = 0; j < f; j++)
                    {
                        gradW[j, c] += error * x[r][j];
                    }
                }

                var py = binary ? (y[r] == 1 ? p[0] : 1 - p[0]) : p[y[r]];
                loss -= Math.Log(Math.Max(py, 1e-15));
            }

            loss /= n;
            double norm = 0;
            for (var c = 0; c < k; c++)
            {
                gradB[c] /= n;
                norm += gradB[c] * gradB[c];
                for (var j = 0; j < f; j++)
                {
                    gradW[j, c] = (gradW[j, c] / n) + (options.L2 * w[j, c]);
                    loss += options.L2 / 2 * w[j, c] * w[j, c];
                    norm += gradW[j, c] * gradW[j, c];
                }
            }

            if (Math.Sqrt(norm) < options.Tolerance)
            {
                break;
            }

            for (var c = 0; c < k; c++)
            {
                b[c] -= options.LearningRate * gradB[c];
                for (var j = 0; j < f; j++)
                {
                    w[j, c] -= options.LearningRate * gradW[j, c];
                }
            }
        }

        return (new LinearModel(data.FeatureNames, classes, mean, scale, w, b), iterations, loss);
    }

    private static void Probabilities(double[] x, double[,] w, double[] b, bool binary, double[] p)
    {
        var k = b.Length;
        for (var c = 0; c < k; c++)
        {
            var z = b[c];
            for (var j = 0; j < x.Length; j++)
            {
                z += x[j] * w[j, c];
            }

            p[c] = z;
        }

        if (binary)
        {
            p[0] = 1 / (1 + Math.Exp(-p[0]));
            return;
        }

        var max = p.Max();
        double total = 0;
        for (var c = 0; c < k; c++)
        {
            p[c] = Math.Exp(p[c] - max);
            total += p[c];
        }

        for (var c = 0; c < k; c++)
        {
            p[c] /= total;
        }
    }

    private static (double[] Mean, double[] Scale) Standardisation(double[][] rows, int f)
    {
        var mean = new double[f];
        var scale = new double[f];
        for (var j = 0; j < f; j++)
        {
            mean[j] = rows.Average(r => r[j]);
            var variance = rows.Average(r => (r[j] - mean[j]) * (r[j] - mean[j]));
            // A constant column would divide by zero; scaling it by 1 keeps it at 0 after centring.
            scale[j] = variance > 1e-24 ? Math.Sqrt(variance) : 1;
        }

        return (mean, scale);
    }
}
