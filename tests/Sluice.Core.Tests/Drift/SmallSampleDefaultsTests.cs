using System.Globalization;
using Sluice.Core.Drift;
using Sluice.Core.Profiles;

namespace Sluice.Core.Tests.Drift;

/// <summary>
/// The defaults against a profile must not raise false alarms on small, undrifted samples: the breast cancer
/// training profile (398 rows) against its own 85-row test split flags nothing, and a shifted copy flags exactly
/// the shifted features.
/// </summary>
public sealed class SmallSampleDefaultsTests
{
    private static readonly string DataDir = Path.Combine(AppContext.BaseDirectory, "testdata", "drift");

    private static readonly DataProfile TrainProfile =
        DataProfileJson.Deserialize(File.ReadAllText(Path.Combine(DataDir, "breast_cancer_train_profile.json")));

    private static readonly (string[] Header, double[][] Columns) TestSplit = ReadCsv(Path.Combine(DataDir, "breast_cancer_test.csv"));

    [Fact]
    public void Unshifted_test_split_against_the_training_profile_flags_no_feature()
    {
        var report = Evaluate(new Dictionary<string, Func<double, double>>());
        Assert.Equal(31, report.Features.Count);
        Assert.All(report.Features, f => Assert.Equal("ks", f.Method));
        var drifted = report.Features.Where(f => f.Drifted).ToList();
        Assert.True(drifted.Count == 0, string.Join("; ", drifted.Select(Describe)));
        Assert.False(report.DatasetDrift);
    }

    [Fact]
    public void Shifted_features_of_the_test_split_are_flagged_and_only_they()
    {
        var shifts = new Dictionary<string, Func<double, double>>
        {
            ["mean_radius"] = v => v + 2.0, // about 0.6 training standard deviations
            ["worst_area"] = v => v * 1.4,
            ["mean_texture"] = v => v - 3.0,
            ["smoothness_error"] = v => v * 1.5,
        };
        var report = Evaluate(shifts);
        Assert.Equal(shifts.Keys.Order(StringComparer.Ordinal), report.Features.Where(f => f.Drifted).Select(f => f.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Large_current_samples_against_a_profile_use_js()
    {
        var feature = TrainProfile.Features.Single(f => f.Name == "mean_radius");
        double[] large = [.. Enumerable.Range(0, 2000).Select(i => TestSplit.Columns[0][i % TestSplit.Columns[0].Length])];
        var report = DriftEvaluator.Evaluate(
            [FeatureSample.FromProfile(feature with { Count = 5000 })],
            [new FeatureSample("mean_radius", FeatureKind.Numeric, 0) { Values = large }],
            [],
            MultipleTestingCorrection.None);
        Assert.Equal("js", report.Features.Single().Method);
    }

    private static string Describe(FeatureDriftResult f) =>
        $"{f.Name} p={f.Score:R} D={f.Statistics["ks_statistic_deciles"]} chi2 p={f.Statistics["chi2_pvalue_deciles"]} " +
        $"ref=[{string.Join(",", TrainProfile.Features.Single(x => x.Name == f.Name).DecileCounts!)}]";

    private static DriftReport Evaluate(Dictionary<string, Func<double, double>> shifts)
    {
        var reference = TrainProfile.Features.Select(FeatureSample.FromProfile).ToList();
        var current = TestSplit.Header.Select((name, i) => new FeatureSample(name, FeatureKind.Numeric, 0)
        {
            Values = [.. TestSplit.Columns[i].Select(shifts.GetValueOrDefault(name, v => v))],
        }).ToList();
        return DriftEvaluator.Evaluate(reference, current, [], MultipleTestingCorrection.None);
    }

    private static (string[] Header, double[][] Columns) ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
        var header = lines[0].Split(',');
        var rows = lines.Skip(1).Select(l => l.Split(',').Select(c => double.Parse(c, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        return (header, [.. header.Select((_, i) => rows.Select(r => r[i]).ToArray())]);
    }
}
