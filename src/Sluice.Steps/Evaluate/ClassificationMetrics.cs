namespace Sluice.Steps.Evaluate;

/// <summary>
/// Classification metrics from true class indexes and predicted probabilities. Binary: precision, recall and F1 of
/// the positive (second) class and ROC AUC of its probability. Multi-class: macro averages and one-vs-rest macro ROC AUC.
/// </summary>
internal static class ClassificationMetrics
{
    public sealed record Result(
        double Accuracy, double Precision, double Recall, double F1, double RocAuc, double LogLoss, long[][] ConfusionMatrix);

    public static Result Compute(int[] actual, double[][] probabilities, int classes)
    {
        var n = actual.Length;
        if (n == 0)
        {
            throw new StepException("the evaluation data has no rows");
        }

        var predicted = probabilities.Select(p => Training.TrainStep.ArgMax(p)).ToArray();
        var confusion = Enumerable.Range(0, classes).Select(_ => new long[classes]).ToArray();
        for (var i = 0; i < n; i++)
        {
            confusion[actual[i]][predicted[i]]++;
        }

        var accuracy = Enumerable.Range(0, classes).Sum(c => confusion[c][c]) / (double)n;
        var logLoss = -Enumerable.Range(0, n).Average(i => Math.Log(Math.Clamp(probabilities[i][actual[i]], 1e-15, 1 - 1e-15)));
        var perClass = Enumerable.Range(0, classes).Select(c =>
        {
            var tp = confusion[c][c];
            var fp = Enumerable.Range(0, classes).Sum(a => a == c ? 0 : confusion[a][c]);
            var fn = Enumerable.Range(0, classes).Sum(p => p == c ? 0 : confusion[c][p]);
            var precision = tp + fp == 0 ? 0 : tp / (double)(tp + fp);
            var recall = tp + fn == 0 ? 0 : tp / (double)(tp + fn);
            var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            var auc = RocAuc(actual.Select(a => a == c).ToArray(), probabilities.Select(p => p[c]).ToArray());
            return (precision, recall, f1, auc);
        }).ToArray();
        if (classes == 2)
        {
            var positive = perClass[1];
            return new Result(accuracy, positive.precision, positive.recall, positive.f1, positive.auc, logLoss, confusion);
        }

        var withAuc = perClass.Where(p => !double.IsNaN(p.auc)).ToList();
        return new Result(accuracy, perClass.Average(p => p.precision), perClass.Average(p => p.recall), perClass.Average(p => p.f1),
            withAuc.Count == 0 ? double.NaN : withAuc.Average(p => p.auc), logLoss, confusion);
    }

    /// <summary>ROC AUC as the Mann–Whitney statistic with average ranks for ties; NaN when one class is absent.</summary>
    public static double RocAuc(bool[] positive, double[] scores)
    {
        var order = Enumerable.Range(0, scores.Length).OrderBy(i => scores[i]).ToArray();
        var ranks = new double[scores.Length];
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            while (j + 1 < order.Length && scores[order[j + 1]] == scores[order[i]])
            {
                j++;
            }

            var rank = ((i + j) / 2.0) + 1;
            for (var k = i; k <= j; k++)
            {
                ranks[order[k]] = rank;
            }

            i = j + 1;
        }

        long nPos = positive.Count(p => p);
        long nNeg = positive.Length - nPos;
        if (nPos == 0 || nNeg == 0)
        {
            return double.NaN;
        }

        var rankSum = Enumerable.Range(0, positive.Length).Where(i => positive[i]).Sum(i => ranks[i]);
        return (rankSum - (nPos * (nPos + 1) / 2.0)) / (nPos * (double)nNeg);
    }
}
