using Sluice.Core.Drift;
using Sluice.Core.Drift.Windows;
using Sluice.Core.Profiles;

namespace Sluice.Core.Tests.Drift.Windows;

public sealed class WindowFeaturesTests
{
    private static WindowFeatureOptions Options(string? numeric = null, string? categorical = null, string[]? rules = null, string[]? ignore = null)
    {
        var (nm, nt) = DriftRuleText.ParseDefault(numeric ?? "ks:0.05");
        var (cm, ct) = DriftRuleText.ParseDefault(categorical ?? "chi2:0.05");
        return new WindowFeatureOptions(nm, nt, cm, ct, [.. (rules ?? []).Select(DriftRuleText.ParseRule)], ignore ?? []);
    }

    // Expected: name:method:threshold per compared feature, in profile order.
    [Theory]
    [InlineData(null, null, null, null, "a:ks:0.05 b:ks:0.05 c:chi2:0.05")]
    [InlineData("psi", "js:0.2", null, null, "a:psi:0.2 b:psi:0.2 c:js:0.2")]
    [InlineData(null, null, "b:js", null, "a:ks:0.05 b:js:0.1 c:chi2:0.05")]
    [InlineData(null, null, "b::0.01", null, "a:ks:0.05 b:ks:0.01 c:chi2:0.05")]
    [InlineData("chi2:0.01", "linf:0.3", "a:ks", "b", "a:ks:0.05 c:linf:0.3")]
    public void Every_feature_gets_an_explicit_rule_without_the_target_and_ignored_ones(string? numeric, string? categorical, string? rule, string? ignore, string expected)
    {
        var features = WindowFeatures.Plan(WindowTestProfiles.Small(), Options(numeric, categorical, rule is null ? null : [rule], ignore is null ? null : [ignore]));
        Assert.Equal(expected, string.Join(' ', features.Features.Select(f => $"{f.Name}:{DriftMethods.Name(f.Rule.Method!.Value)}:{f.Rule.Threshold}")));
        Assert.Equal(features.Features.Count(f => f.Kind == FeatureKind.Numeric), features.NumericCount);
        Assert.Equal(Enumerable.Range(0, features.NumericCount), features.Features.Where(f => f.Kind == FeatureKind.Numeric).Select(f => f.Slot));
        Assert.Contains(features.Notes, n => n.Contains("\"label\" is the baseline's target", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("wasserstein", null, null, null, "--numeric wasserstein: wasserstein cannot judge a numeric feature against a profile")]
    [InlineData(null, "ks", null, null, "--categorical ks: ks cannot judge a categorical feature")]
    [InlineData(null, null, "c:ks", null, "--feature c:ks: ks cannot judge a categorical feature")]
    [InlineData(null, null, "aa:ks", null, "--feature aa:ks: the baseline profile has no feature \"aa\" (did you mean \"a\"?)")]
    [InlineData(null, null, "label:ks", null, "--feature label:ks: \"label\" is not compared (it is the baseline's target")]
    [InlineData(null, null, "a:ks", "a", "--feature a:ks: \"a\" is not compared (--ignore names it)")]
    public void Bad_rules_name_their_option(string? numeric, string? categorical, string? rule, string? ignore, string message)
    {
        var error = Assert.Throws<ArgumentException>(() =>
            WindowFeatures.Plan(WindowTestProfiles.Small(), Options(numeric, categorical, rule is null ? null : [rule], ignore is null ? null : [ignore])));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ignoring_every_feature_leaves_nothing_to_compare_and_unknown_ignores_are_noted()
    {
        var error = Assert.Throws<ArgumentException>(() => WindowFeatures.Plan(WindowTestProfiles.Small(), Options(ignore: ["a", "b", "c"])));
        Assert.Contains("no feature is left to compare", error.Message, StringComparison.Ordinal);
        var features = WindowFeatures.Plan(WindowTestProfiles.Small(), Options(ignore: ["nope"]));
        Assert.Contains("--ignore nope: the baseline profile has no such feature", features.Notes);
    }
}
