using System.Globalization;
using Sluice.Core.Drift;
using Sluice.Core.Drift.Windows;

namespace Sluice.Core.Tests.Drift.Windows;

public sealed class WindowSummaryTests
{
    private static FeatureDriftResult Feature(string name, string method, double score, double threshold)
    {
        var isP = method is "ks" or "chi2";
        return new FeatureDriftResult
        {
            Name = name,
            Kind = "numeric",
            Method = method,
            Score = score,
            Threshold = threshold,
            Drifted = isP ? score < threshold : score >= threshold,
            PValue = isP ? score : null,
            MissingShareReference = 0,
            MissingShareCurrent = 0,
            ReferenceCount = 100,
            CurrentCount = 100,
            Statistics = new Dictionary<string, object>(),
        };
    }

    // name:method:score:threshold, in the expected order
    [Theory]
    [InlineData("a:ks:1e-9:0.05 b:ks:0.01:0.05 c:ks:0.5:0.05")]
    [InlineData("a:ks:0.002:0.05 b:ks:0.001:0.01 c:ks:0.04:0.01")]
    [InlineData("b:ks:1e-9:0.05 a:js:0.5:0.1 c:psi:0.3:0.2 d:js:0.09:0.1")]
    [InlineData("a:ks:0:0.05 b:ks:0:0.05 c:js:0.2:0.1")]
    [InlineData("a:js:0.2:0.1 b:js:0.2:0.1 c:ks:0.06:0.05 d:ks:NaN:0.05")]
    [InlineData("z:ks:1e-300:0.05 y:chi2:1e-200:0.05 x:linf:0:0.1")]
    public void Drifted_features_come_first_then_the_furthest_past_the_threshold_then_by_name(string expected)
    {
        var features = expected.Split(' ').Select(f => f.Split(':'))
            .Select(p => Feature(p[0], p[1], double.Parse(p[2], CultureInfo.InvariantCulture), double.Parse(p[3], CultureInfo.InvariantCulture))).ToList();
        var shuffled = features.AsEnumerable().Reverse().ToList();
        Assert.Equal(features.Select(f => f.Name), WindowSummary.Rank(shuffled).Select(f => f.Name));
    }

    [Theory]
    [InlineData("ks", 0.05, 0.05, 1.0)]
    [InlineData("ks", 0.0025, 0.05, 2.0)]
    [InlineData("js", 0.2, 0.1, 2.0)]
    [InlineData("js", 0.05, 0.1, 0.5)]
    [InlineData("psi", 0.1, 0, double.PositiveInfinity)]
    public void Severity_is_one_at_the_threshold(string method, double score, double threshold, double severity) =>
        Assert.Equal(severity, WindowSummary.Severity(Feature("f", method, score, threshold)), 9);

    [Theory]
    [InlineData(3, 3, 0)]
    [InlineData(30, 30, 0)]
    [InlineData(300, -1, -1)]
    public void Results_carry_as_many_features_as_fit(int features, int expectedTop, int expectedOmitted)
    {
        var results = Enumerable.Range(0, features)
            .Select(i => Feature($"feature_with_a_longish_name_{i:D3}", "ks", Math.Pow(10, -(i % 40)) * 0.9, 0.05)).ToList();
        var report = Report(results);
        var summary = WindowSummary.Build(report, "s3://bucket/drift/prod/bc/v1/20261123T100000Z/report.json");

        var size = WindowSummary.Size(summary);
        Assert.True(size <= WindowSummary.MaxBytes, $"{size} bytes");
        var top = summary["top"]!.AsArray();
        var omitted = (int)summary["omitted"]!;
        Assert.Equal(features, top.Count + omitted);
        if (expectedTop >= 0)
        {
            Assert.Equal(expectedTop, top.Count);
            Assert.Equal(expectedOmitted, omitted);
        }
        else
        {
            Assert.True(omitted > 0);
            // One more feature would not have fitted.
            Assert.True(size + 60 > WindowSummary.MaxBytes, $"{size} bytes with {top.Count} features");
        }

        Assert.Equal(WindowSummary.Rank(results).Take(top.Count).Select(f => f.Name), top.Select(t => (string)t!["name"]!));
        Assert.Equal(
            new[] { "start", "end", "model", "version", "objects", "invalidObjects", "rows", "invalid", "sampled", "verdict", "features", "driftedFeatures", "share",
                "shareThreshold", "report", "top", "omitted" },
            summary.Select(p => p.Key));
    }

    [Fact]
    public void An_insufficient_window_has_the_same_shape_and_no_features()
    {
        var summary = WindowSummary.Build(Report([]) with { Drift = null, Verdict = WindowVerdicts.InsufficientData, Features = 30 }, "file:///r.json");
        Assert.Equal("InsufficientData", (string)summary["verdict"]!);
        Assert.Empty(summary["top"]!.AsArray());
        Assert.Equal(0, (int)summary["omitted"]!);
        Assert.Equal(30, (int)summary["features"]!);
        Assert.Equal(0, (int)summary["driftedFeatures"]!);
    }

    [Fact]
    public void Scores_keep_four_significant_digits_and_distances_have_no_p_value()
    {
        var summary = WindowSummary.Build(Report([Feature("a", "ks", 1.23456789e-9, 0.05), Feature("b", "js", 0.123456, 0.1)]), "file:///r.json");
        var top = summary["top"]!.AsArray();
        Assert.Equal("""{"name":"a","method":"ks","score":1.235E-09,"pValue":1.235E-09,"threshold":0.05,"drifted":true}""", top[0]!.ToJsonString());
        Assert.Equal("""{"name":"b","method":"js","score":0.1235,"threshold":0.1,"drifted":true}""", top[1]!.ToJsonString());
        Assert.Equal(System.Text.Json.JsonValueKind.Number, summary["share"]!.GetValueKind());
    }

    private static WindowReport Report(IReadOnlyList<FeatureDriftResult> features)
    {
        var drifted = features.Count(f => f.Drifted);
        return new WindowReport
        {
            Namespace = "prod",
            Model = "bc",
            Version = "v1",
            Start = "2026-11-23T10:00:00Z",
            End = "2026-11-23T11:00:00Z",
            Logs = "s3://bucket/logs",
            Baseline = "s3://bucket/profile.json",
            MinSamples = 100,
            MaxSamples = 100_000,
            Seed = "",
            ShareThreshold = 0.5,
            Verdict = WindowVerdicts.Clean,
            Features = features.Count,
            Counts = new WindowCounts { Objects = 12, Rows = 12345, Invalid = 3, Sampled = 10000 },
            Drift = new DriftReport(false, drifted, features.Count == 0 ? 0 : (double)drifted / features.Count, 0.5, "none", features),
        };
    }
}
