using Sluice.Steps.Evaluate;

namespace Sluice.Steps.Tests;

public sealed class ClassificationMetricsTests
{
    // Expected values from scikit-learn's roc_auc_score on the same inputs.
    [Theory]
    [InlineData(new[] { false, false, true, true }, new[] { 0.1, 0.4, 0.35, 0.8 }, 0.75)]
    [InlineData(new[] { false, true }, new[] { 0.5, 0.5 }, 0.5)]
    [InlineData(new[] { true, false, true }, new[] { 0.9, 0.1, 0.8 }, 1.0)]
    [InlineData(new[] { true, false }, new[] { 0.1, 0.9 }, 0.0)]
    public void Roc_auc_matches_the_rank_statistic(bool[] positive, double[] scores, double expected) =>
        Assert.Equal(expected, ClassificationMetrics.RocAuc(positive, scores), 12);

    [Fact]
    public void Binary_metrics_count_the_second_class_as_positive()
    {
        var m = ClassificationMetrics.Compute([0, 0, 1, 1, 1], [[0.9, 0.1], [0.4, 0.6], [0.2, 0.8], [0.3, 0.7], [0.6, 0.4]], 2);
        Assert.Equal(0.6, m.Accuracy, 12);
        Assert.Equal(2.0 / 3, m.Precision, 12);
        Assert.Equal(2.0 / 3, m.Recall, 12);
        Assert.Equal([[1L, 1L], [1L, 2L]], m.ConfusionMatrix);
    }
}
