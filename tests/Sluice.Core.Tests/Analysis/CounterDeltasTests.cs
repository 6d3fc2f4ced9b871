using System.Globalization;
using Sluice.Core.Analysis;

namespace Sluice.Core.Tests.Analysis;

public sealed class CounterDeltasTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(1_764_816_000);
    private static readonly DateTimeOffset T1 = T0.AddSeconds(30);

    private static PodScrape Pod(string uid, DateTimeOffset at, double started, long requests, long errors = 0, long fast = 0, double sum = 0) =>
        new(uid, at, started, PrometheusText.Parse(string.Create(CultureInfo.InvariantCulture, $$"""
            # TYPE sluice_serving_requests_total counter
            sluice_serving_requests_total{code="200"} {{requests - errors}}
            sluice_serving_requests_total{code="500"} {{errors}}
            # TYPE sluice_serving_prediction histogram
            sluice_serving_prediction_bucket{le="0.5"} {{fast}}
            sluice_serving_prediction_bucket{le="+Inf"} {{requests}}
            sluice_serving_prediction_count {{requests}}
            sluice_serving_prediction_sum {{sum}}
            """)));

    private static double Requests(IntervalDelta delta) => delta.Sum("sluice_serving_requests_total");

    [Fact]
    public void The_design_notes_worked_example_counts_170_requests()
    {
        // Pod a: 1000 -> 1100. Pod b restarted: 500 -> 40. Pod c started after the previous scrape: 0 -> 30.
        var before = new[] { Pod("a", T0, 100, 1000), Pod("b", T0, 100, 500) };
        var after = new[] { Pod("a", T1, 100, 1100), Pod("b", T1, T0.ToUnixTimeSeconds() + 10, 40), Pod("c", T1, T0.ToUnixTimeSeconds() + 5, 30) };

        var delta = CounterDeltas.Between(before, after, T0);

        Assert.Equal(170, Requests(delta));
        Assert.Equal(["b"], delta.ResetPods);
        Assert.Empty(delta.BaselinePods);
    }

    [Fact]
    public void A_pod_first_seen_that_started_before_the_previous_scrape_is_only_a_baseline()
    {
        var delta = CounterDeltas.Between([Pod("a", T0, 100, 10)], [Pod("a", T1, 100, 20), Pod("late", T1, 100, 5000)], T0);

        Assert.Equal(10, Requests(delta));
        Assert.Equal(["late"], delta.BaselinePods);
    }

    [Fact]
    public void A_counter_that_went_down_resets_its_family_without_a_new_start_time()
    {
        var delta = CounterDeltas.Between([Pod("a", T0, 100, 1000, fast: 800)], [Pod("a", T1, 100, 60, fast: 50)], T0);

        Assert.Equal(60, Requests(delta));
        Assert.Equal([(0.5, 50.0), (double.PositiveInfinity, 60.0)], delta.Buckets("sluice_serving_prediction"));
    }

    [Fact]
    public void A_histograms_sum_going_down_is_not_a_reset_and_is_not_summed()
    {
        var delta = CounterDeltas.Between([Pod("a", T0, 100, 100, fast: 50, sum: 10)], [Pod("a", T1, 100, 150, fast: 70, sum: -5)], T0);

        Assert.Empty(delta.ResetPods);
        Assert.Equal([(0.5, 20.0), (double.PositiveInfinity, 50.0)], delta.Buckets("sluice_serving_prediction"));
        Assert.DoesNotContain(delta.Series.Values, s => s.Name.EndsWith("_sum", StringComparison.Ordinal));
    }

    [Fact]
    public void Errors_are_summed_by_label_and_vanished_pods_are_named()
    {
        var delta = CounterDeltas.Between([Pod("a", T0, 100, 100, errors: 1), Pod("gone", T0, 100, 7)], [Pod("a", T1, 100, 300, errors: 5)], T0);

        Assert.Equal(200, Requests(delta));
        Assert.Equal(4, delta.Sum("sluice_serving_requests_total", s => s.Label("code")!.StartsWith('5')));
        Assert.Equal(["gone"], delta.VanishedPods);
    }
}
