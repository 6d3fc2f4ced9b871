using Sluice.Core.Analysis;

namespace Sluice.Core.Tests.Analysis;

public sealed class PrometheusTextTests
{
    private const string Page = """
        # HELP sluice_serving_requests_total Inference requests by model, version and HTTP status code.
        # TYPE sluice_serving_requests_total counter
        sluice_serving_requests_total{model="iris",version="v2",code="200"} 1027
        sluice_serving_requests_total{model="iris",version="v2",code="503"} 3
        # TYPE sluice_serving_request_duration_seconds histogram
        sluice_serving_request_duration_seconds_sum{model="iris"} 1.25
        sluice_serving_request_duration_seconds_count{model="iris"} 1030
        sluice_serving_request_duration_seconds_bucket{model="iris",le="0.005"} 1000
        sluice_serving_request_duration_seconds_bucket{model="iris",le="+Inf"} 1030
        # TYPE odd gauge
        odd{path="C:\\tmp",quote="say \"hi\"",nl="a\nb"} NaN 1700000000000
        process_start_time_seconds 1764816000.5
        """;

    [Fact]
    public void A_page_parses_into_samples_and_family_types()
    {
        var scrape = PrometheusText.Parse(Page);

        Assert.Equal(8, scrape.Samples.Count);
        var errors = scrape.Samples.Single(s => s.Label("code") == "503");
        Assert.Equal(("sluice_serving_requests_total", 3.0, "v2"), (errors.Name, errors.Value, errors.Label("version")));
        Assert.Equal(1030, scrape.Samples.Single(s => s.Label("le") == "+Inf").Value);
        var odd = scrape.Samples.Single(s => s.Name == "odd");
        Assert.Equal(("C:\\tmp", "say \"hi\"", "a\nb"), (odd.Label("path"), odd.Label("quote"), odd.Label("nl")));
        Assert.True(double.IsNaN(odd.Value));
        Assert.Equal("histogram", scrape.Types["sluice_serving_request_duration_seconds"]);
        Assert.Equal("sluice_serving_request_duration_seconds", scrape.FamilyOf("sluice_serving_request_duration_seconds_bucket"));
    }

    [Fact]
    public void Counters_and_histogram_buckets_are_monotonic_but_a_histograms_sum_and_gauges_are_not()
    {
        var scrape = PrometheusText.Parse(Page);

        var monotonic = scrape.Samples.Where(scrape.IsMonotonic).Select(s => s.Name).Distinct().Order();
        Assert.Equal(["sluice_serving_request_duration_seconds_bucket", "sluice_serving_request_duration_seconds_count", "sluice_serving_requests_total"], monotonic);
    }

    [Theory]
    [InlineData("{code=\"200\"} 1", "metrics line 1: a sample starts with a metric name")]
    [InlineData("x{code=200} 1", "metrics line 1: a label is name=\"value\"")]
    [InlineData("x{code=\"200} 1", "metrics line 1: label code: the value's closing quote is missing")]
    [InlineData("x one", "metrics line 1: x: \"one\" is not a number")]
    [InlineData("x", "metrics line 1: x: expected a value and an optional timestamp")]
    public void A_line_that_does_not_parse_is_named(string line, string message) =>
        Assert.Equal(message, Assert.Throws<FormatException>(() => PrometheusText.Parse(line)).Message);
}
