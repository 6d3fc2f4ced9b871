using Sluice.Core.Profiles;
using Sluice.Core.Tests.Drift;

namespace Sluice.Core.Tests.Profiles;

public sealed class DataProfileBuilderTests
{
    public static TheoryData<string> NumericCases =>
        [.. ReferenceCases.All.Where(c => c.GetProperty("kind").GetString() == "numeric").Select(c => c.GetProperty("name").GetString()!)];

    [Theory]
    [MemberData(nameof(NumericCases))]
    public void Decile_edges_are_numpy_linear_quantiles_when_within_capacity(string name)
    {
        var c = ReferenceCases.Case(name);
        var values = ReferenceCases.Numbers(c, "reference");
        var builder = new DataProfileBuilder();
        var feature = builder.Feature("x");
        foreach (var v in values)
        {
            feature.AddNumber(v);
        }

        var profile = builder.Build().Features.Single();
        var expected = c.GetProperty("expected").GetProperty("decile_edges").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(expected.Length, profile.DecileEdges!.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], profile.DecileEdges[i], 1e-12);
        }

        Assert.True(profile.DecilesExact);
        Assert.Equal(values.Length, profile.DecileCounts!.Sum());
        var mean = values.Average();
        Assert.Equal(mean, profile.Mean!.Value, 1e-9);
        Assert.Equal(Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length), profile.Std!.Value, 1e-9);
    }

    [Fact]
    public void Merged_windows_equal_one_pass_when_within_capacity()
    {
        var values = ReferenceCases.Numbers(ReferenceCases.Case("normal.medium_shift"), "reference");
        var whole = new DataProfileBuilder();
        var first = new DataProfileBuilder();
        var second = new DataProfileBuilder();
        for (var i = 0; i < values.Length; i++)
        {
            whole.AddRow(new Dictionary<string, object?> { ["x"] = values[i], ["c"] = i % 3 == 0 ? "a" : null });
            (i < 300 ? first : second).AddRow(new Dictionary<string, object?> { ["x"] = values[i], ["c"] = i % 3 == 0 ? "a" : null });
        }

        first.Merge(second);
        var expected = whole.Build();
        var merged = first.Build();
        Assert.Equal(expected.Rows, merged.Rows);
        Assert.Equal(expected.Features[0].DecileEdges, merged.Features[0].DecileEdges);
        Assert.Equal(expected.Features[0].DecileCounts, merged.Features[0].DecileCounts);
        Assert.Equal(expected.Features[0].Mean!.Value, merged.Features[0].Mean!.Value, 1e-12);
        Assert.Equal(expected.Features[0].Std!.Value, merged.Features[0].Std!.Value, 1e-12);
        Assert.Equal(expected.Features[1].Categories, merged.Features[1].Categories);
        Assert.Equal(expected.Features[1].Missing, merged.Features[1].Missing);
    }

    [Fact]
    public void Beyond_capacity_the_deciles_are_a_sample_estimate_and_counts_still_sum()
    {
        var builder = new DataProfileBuilder(new ProfileOptions(SampleCapacity: 1000));
        var feature = builder.Feature("u");
        for (var i = 0; i < 100_000; i++)
        {
            feature.AddNumber(i / 100_000.0);
        }

        var profile = builder.Build().Features.Single();
        Assert.False(profile.DecilesExact);
        Assert.Equal(100_000, profile.DecileCounts!.Sum());
        Assert.Equal(0.5, profile.DecileEdges![4], 0.06);
        Assert.Equal(0.0, profile.Min);
        Assert.Equal(0.99999, profile.Max!.Value, 1e-12);
    }

    [Fact]
    public void Categorical_features_keep_top_categories_and_other_and_round_trip()
    {
        var builder = new DataProfileBuilder(new ProfileOptions(TopCategories: 2));
        foreach (var v in new[] { "a", "b", "a", "c", null, "a", "b" })
        {
            builder.AddRow(new Dictionary<string, object?> { ["colour"] = v });
        }

        var profile = builder.Build();
        var f = profile.Features.Single();
        Assert.Equal(FeatureKind.Categorical, f.Kind);
        Assert.Equal([new CategoryCount("a", 3), new CategoryCount("b", 2)], f.Categories);
        Assert.Equal(1, f.OtherCount);
        Assert.Equal(1, f.Missing);
        var json = DataProfileJson.Serialize(profile);
        Assert.Contains("\"apiVersion\": \"sluice.dev/profile/v1\"", json, StringComparison.Ordinal);
        Assert.Contains("\"kind\": \"categorical\"", json, StringComparison.Ordinal);
        Assert.Equal(json, DataProfileJson.Serialize(DataProfileJson.Deserialize(json)));
    }

    [Fact]
    public void Unknown_profile_version_is_rejected_with_the_version_read()
    {
        var ex = Assert.Throws<FormatException>(() => DataProfileJson.Deserialize("{\"apiVersion\":\"sluice.dev/profile/v9\"}"));
        Assert.Contains("sluice.dev/profile/v1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_json_object_without_an_api_version_is_no_profile()
    {
        var ex = Assert.Throws<FormatException>(() => DataProfileJson.Deserialize("{\"input\":\"input\",\"features\":[]}"));
        Assert.StartsWith("not a valid data profile:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("apiVersion", ex.Message, StringComparison.Ordinal);
    }
}
