using System.Globalization;
using Sluice.Core.Analysis;

namespace Sluice.Core.Tests.Analysis;

public sealed class CanaryCheckTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    /// <summary>One arm's interval: requests by code, latency buckets (le:count, cumulative) and prediction bins (per bin).</summary>
    private static IntervalDelta Arm(string codes, string latency = "", double[]? predictions = null)
    {
        var series = new Dictionary<string, MetricSample>(StringComparer.Ordinal);
        void Add(MetricSample s) => series[s.Series] = s;
        foreach (var pair in codes.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            Add(new MetricSample(CanaryCheck.Requests, new Dictionary<string, string> { ["code"] = pair.Split(':')[0] }, double.Parse(pair.Split(':')[1], CultureInfo.InvariantCulture)));
        }

        foreach (var pair in latency.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            Add(new MetricSample(CanaryCheck.Latency + "_bucket", new Dictionary<string, string> { ["le"] = pair.Split(':')[0] }, double.Parse(pair.Split(':')[1], CultureInfo.InvariantCulture)));
        }

        var cumulative = 0.0;
        for (var i = 0; predictions is not null && i < predictions.Length; i++)
        {
            cumulative += predictions[i];
            var le = i == predictions.Length - 1 ? "+Inf" : (0.2 * (i + 1)).ToString(CultureInfo.InvariantCulture);
            Add(new MetricSample(CanaryCheck.Prediction + "_bucket", new Dictionary<string, string> { ["le"] = le }, cumulative));
        }

        return new IntervalDelta(series, [], [], []);
    }

    private static CheckResult Check(IntervalDelta canary, IntervalDelta stable, AnalysisLimits? limits = null) =>
        CanaryCheck.Judge(CanaryCheck.Measure(canary, stable), limits ?? new AnalysisLimits(), Minute);

    [Fact]
    public void An_error_rate_over_the_ceiling_fails_with_its_value_limit_interval_and_count()
    {
        var result = Check(Arm("200:203 500:9"), Arm("200:2000 500:2"));

        Assert.Equal((CheckVerdict.Failed, "errorRate"), (result.Verdict, result.Metric));
        Assert.Equal("error rate 4.25% > 1% over 1m, 212 requests", result.Message);
    }

    [Fact]
    public void Client_errors_are_counted_apart_and_never_held_against_the_canary()
    {
        var result = Check(Arm("200:100 400:100 404:50"), Arm("200:1000 400:900"));

        Assert.Equal(CheckVerdict.Passed, result.Verdict);
        Assert.Equal((250L, 0L, 150L), (result.Figures.Requests, result.Figures.Errors, result.Figures.ClientErrors));
    }

    [Theory]
    // canary errors/requests vs stable errors/requests (ceiling raised to 5%): the design notes' two examples
    [InlineData(12, 1000, 30, 9000, CheckVerdict.Failed)]   // z = 4.02, p = 5.8e-5, +0.87 pp
    [InlineData(3, 300, 20, 2700, CheckVerdict.Passed)]     // z = 0.49, p = 0.63
    public void A_canary_significantly_worse_than_stable_fails_below_the_ceiling(int errors, int requests, int stableErrors, int stableRequests, CheckVerdict verdict)
    {
        var result = Check(Arm($"200:{requests - errors} 503:{errors}"), Arm($"200:{stableRequests - stableErrors} 503:{stableErrors}"), new AnalysisLimits(MaxErrorRate: 0.05));

        Assert.Equal(verdict, result.Verdict);
        if (verdict == CheckVerdict.Failed)
        {
            Assert.StartsWith("error rate 1.2% vs stable 0.33%: +0.87 pp > 0.5 pp (p 5.8E-5) over 1m, 1000 requests", result.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_slow_canary_fails_on_its_p99_against_the_ceiling_and_against_stable()
    {
        const string slow = "0.05:80 0.1:150 0.25:195 0.5:199 +Inf:200";   // p99 = 437.5 ms
        const string fast = "0.05:190 0.1:199 0.25:200 0.5:200 +Inf:200";   // p99 = 0.05 + 0.05·8/9 = 94.4 ms

        var ceiling = Check(Arm("200:200", slow), Arm("200:200", fast), new AnalysisLimits(MaxP99Seconds: 0.25));
        var ratio = Check(Arm("200:200", slow), Arm("200:200", fast));

        Assert.Equal("p99 latency 437.5ms > 250ms over 1m, 200 requests", ceiling.Message);
        Assert.Equal("p99 latency 437.5ms vs stable 94.4ms: more than 1.5x over 1m, 200 requests", ratio.Message);
    }

    [Fact]
    public void Inverted_predictions_fail_on_the_distance_and_a_mild_shift_passes()
    {
        double[] stable = [50, 100, 200, 400, 250];

        var inverted = Check(Arm("200:1000", predictions: [250, 400, 200, 100, 50]), Arm("200:1000", predictions: stable));
        var mild = Check(Arm("200:1000", predictions: [60, 110, 190, 380, 260]), Arm("200:1000", predictions: stable));

        Assert.Equal((CheckVerdict.Failed, "predictionDistance"), (inverted.Verdict, inverted.Metric));
        Assert.StartsWith("prediction distance 0.", inverted.Message, StringComparison.Ordinal);
        Assert.Equal(CheckVerdict.Passed, mild.Verdict);
        Assert.Equal(0.029, mild.Figures.PredictionDistance!.Value, 3);
    }

    [Fact]
    public void Too_few_canary_requests_are_no_data()
    {
        var result = Check(Arm("200:7 500:7"), Arm("200:1000"));

        Assert.Equal(CheckVerdict.NoData, result.Verdict);
        Assert.Equal("14 canary requests over 1m, fewer than the 20 a check needs", result.Message);
    }
}
