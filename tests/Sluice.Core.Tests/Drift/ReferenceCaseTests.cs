using System.Text.Json;
using Sluice.Core.Drift;

namespace Sluice.Core.Tests.Drift;

/// <summary>Every statistic of every case in reference_cases.json (scipy 1.10) to 1e-9 relative, p-values 1e-12 absolute.</summary>
public sealed class ReferenceCaseTests
{
    public static TheoryData<string, string> CaseStatistics
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var c in ReferenceCases.All)
            {
                foreach (var p in c.GetProperty("expected").EnumerateObject())
                {
                    data.Add(c.GetProperty("name").GetString()!, p.Name);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(CaseStatistics))]
    public void Statistic_matches_scipy(string caseName, string key)
    {
        var c = ReferenceCases.Case(caseName);
        var expected = c.GetProperty("expected").GetProperty(key);
        JsonElement actual;
        if (c.GetProperty("kind").GetString() == "numeric")
        {
            var stats = NumericStatistics.Compute(ReferenceCases.Numbers(c, "reference"), ReferenceCases.Numbers(c, "current"));
            actual = JsonSerializer.SerializeToElement(stats).GetProperty(key);
        }
        else
        {
            var stats = CategoricalStatistics.FromValues(
                ReferenceCases.Strings(c, "reference").OfType<string>(), ReferenceCases.Strings(c, "current").OfType<string>());
            actual = JsonSerializer.SerializeToElement(stats).GetProperty(key);
        }

        if (expected.ValueKind == JsonValueKind.Array)
        {
            var e = expected.EnumerateArray().Select(x => x.GetDouble()).ToArray();
            var a = actual.EnumerateArray().Select(x => x.GetDouble()).ToArray();
            Assert.Equal(e.Length, a.Length);
            for (var i = 0; i < e.Length; i++)
            {
                AssertClose(e[i], a[i], key);
            }
        }
        else
        {
            AssertClose(expected.GetDouble(), actual.GetDouble(), key);
        }
    }

    private static void AssertClose(double expected, double actual, string key)
    {
        var ok = key.EndsWith("pvalue", StringComparison.Ordinal)
            ? Math.Abs(expected - actual) <= 1e-12 || Math.Abs(expected - actual) <= 1e-9 * Math.Abs(expected)
            : Math.Abs(expected - actual) <= 1e-9 * Math.Abs(expected) || expected == actual;
        Assert.True(ok, $"{key}: expected {expected:R}, got {actual:R}");
    }
}
