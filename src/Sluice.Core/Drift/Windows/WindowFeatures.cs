using Sluice.Core.Profiles;

namespace Sluice.Core.Drift.Windows;

/// <summary>
/// The features a drift window compares: the baseline profile's features without its target and the ignored
/// ones, each with an explicit rule (override, else the default of its kind), numbered within its kind so a
/// sampled row is two flat arrays.
/// </summary>
public sealed class WindowFeatures
{
    /// <summary>Methods that run against a profile's decile bins (Wasserstein needs raw values on both sides).</summary>
    public static readonly IReadOnlySet<DriftMethod> NumericMethods = new HashSet<DriftMethod> { DriftMethod.Ks, DriftMethod.Psi, DriftMethod.Js, DriftMethod.Chi2 };

    public static readonly IReadOnlySet<DriftMethod> CategoricalMethods = new HashSet<DriftMethod> { DriftMethod.Chi2, DriftMethod.Psi, DriftMethod.Js, DriftMethod.Linf };

    private readonly Dictionary<string, int> _byName;

    private WindowFeatures(List<WindowFeature> features, List<string> notes)
    {
        Features = features;
        Notes = notes;
        NumericCount = features.Count(f => f.Kind == FeatureKind.Numeric);
        CategoricalCount = features.Count - NumericCount;
        _byName = features.Select((f, i) => (f.Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.Ordinal);
        Lookup = _byName.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public IReadOnlyList<WindowFeature> Features { get; }

    public int NumericCount { get; }

    public int CategoricalCount { get; }

    /// <summary>What the plan left out and why (an ignored name the profile does not have, the target).</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>The index in <see cref="Features"/> of a name, without allocating a string for it.</summary>
    public Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> Lookup { get; }

    public IReadOnlyList<FeatureRule> Rules => [.. Features.Select(f => f.Rule)];

    /// <summary>
    /// Plans the comparison. Throws <see cref="ArgumentException"/> naming the option at fault (<c>--feature</c>,
    /// <c>--numeric</c>, <c>--categorical</c>) or the profile's feature.
    /// </summary>
    public static WindowFeatures Plan(DataProfile profile, WindowFeatureOptions options)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(options);
        CheckMethod("--numeric", DriftMethods.Name(options.NumericMethod), options.NumericMethod, FeatureKind.Numeric);
        CheckMethod("--categorical", DriftMethods.Name(options.CategoricalMethod), options.CategoricalMethod, FeatureKind.Categorical);
        var ignore = new HashSet<string>(options.Ignore, StringComparer.Ordinal);
        var byName = profile.Features.ToDictionary(f => f.Name, StringComparer.Ordinal);
        var notes = new List<string>();
        if (profile.Target is { } target)
        {
            notes.Add($"\"{target}\" is the baseline's target (the label), not a feature: left out");
        }

        notes.AddRange(ignore.Where(n => !byName.ContainsKey(n)).Order(StringComparer.Ordinal)
            .Select(n => $"--ignore {n}: the baseline profile has no such feature"));
        var overrides = new Dictionary<string, FeatureRule>(StringComparer.Ordinal);
        foreach (var rule in options.Overrides)
        {
            var text = RuleText(rule);
            if (!byName.ContainsKey(rule.Name))
            {
                throw new ArgumentException($"--feature {text}: the baseline profile has no feature \"{rule.Name}\"{Suggest(rule.Name, byName.Keys)}");
            }

            if (rule.Name == profile.Target || ignore.Contains(rule.Name))
            {
                throw new ArgumentException($"--feature {text}: \"{rule.Name}\" is not compared ({(ignore.Contains(rule.Name) ? "--ignore names it" : "it is the baseline's target, the label")})");
            }

            if (!overrides.TryAdd(rule.Name, rule))
            {
                throw new ArgumentException($"--feature {text}: \"{rule.Name}\" is given twice");
            }
        }

        var features = new List<WindowFeature>();
        int numeric = 0, categorical = 0;
        foreach (var feature in profile.Features.Where(f => f.Name != profile.Target && !ignore.Contains(f.Name)))
        {
            var isNumeric = feature.Kind == FeatureKind.Numeric;
            var (method, threshold) = isNumeric ? (options.NumericMethod, options.NumericThreshold) : (options.CategoricalMethod, options.CategoricalThreshold);
            if (overrides.TryGetValue(feature.Name, out var rule) && rule.Method is { } chosen)
            {
                CheckMethod("--feature", RuleText(rule), chosen, feature.Kind);
                (method, threshold) = (chosen, rule.Threshold ?? DriftMethods.DefaultThreshold(chosen));
            }
            else if (rule?.Threshold is { } only)
            {
                threshold = only;
            }

            if (isNumeric && (feature.DecileEdges is null || feature.DecileCounts is null || feature.Count == 0))
            {
                throw new ArgumentException($"the baseline profile's numeric feature \"{feature.Name}\" has no decile bins (no values); leave it out with --ignore {feature.Name}");
            }

            features.Add(new WindowFeature(feature.Name, feature.Kind, isNumeric ? numeric++ : categorical++, new FeatureRule(feature.Name, method, threshold), feature));
        }

        if (features.Count == 0)
        {
            throw new ArgumentException("no feature is left to compare: the baseline profile's features are all its target or ignored (--ignore)");
        }

        return new WindowFeatures(features, notes);
    }

    private static void CheckMethod(string option, string text, DriftMethod method, FeatureKind kind)
    {
        var allowed = kind == FeatureKind.Numeric ? NumericMethods : CategoricalMethods;
        if (!allowed.Contains(method))
        {
            var names = string.Join(", ", allowed.Select(DriftMethods.Name));
            throw new ArgumentException($"{option} {text}: {DriftMethods.Name(method)} cannot judge a {kind.ToString().ToLowerInvariant()} feature against a profile; use {names}");
        }
    }

    private static string RuleText(FeatureRule rule) =>
        rule.Name + (rule.Method is { } m ? ":" + DriftMethods.Name(m) : rule.Threshold is null ? "" : ":") +
        (rule.Threshold is { } t ? ":" + t.ToString(System.Globalization.CultureInfo.InvariantCulture) : "");

    private static string Suggest(string name, IEnumerable<string> known) => Validation.Names.DidYouMean(name, known);
}
