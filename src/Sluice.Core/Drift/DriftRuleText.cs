using System.Globalization;

namespace Sluice.Core.Drift;

/// <summary>
/// The command-line forms of drift rules: <c>NAME[:METHOD[:THRESHOLD]]</c> per feature and
/// <c>METHOD[:THRESHOLD]</c> for a default. Errors are <see cref="FormatException"/>s that quote the text; the
/// caller adds the option's name.
/// </summary>
public static class DriftRuleText
{
    public const string Methods = "ks, wasserstein, psi, js, chi2, linf";

    /// <summary><c>NAME[:METHOD[:THRESHOLD]]</c>; a method without a threshold leaves the threshold to the method's default.</summary>
    public static FeatureRule ParseRule(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(':');
        if (parts.Length > 3 || parts[0].Length == 0)
        {
            throw new FormatException($"\"{text}\" is not NAME[:METHOD[:THRESHOLD]]");
        }

        DriftMethod? method = parts.Length > 1 && parts[1].Length > 0 ? Method(parts[1], text) : null;
        double? threshold = parts.Length > 2 ? Threshold(parts[2], text) : null;
        return new FeatureRule(parts[0], method, threshold);
    }

    /// <summary><c>METHOD[:THRESHOLD]</c>; without a threshold, <see cref="DriftMethods.DefaultThreshold"/>.</summary>
    public static (DriftMethod Method, double Threshold) ParseDefault(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(':');
        if (parts.Length > 2 || parts[0].Length == 0)
        {
            throw new FormatException($"\"{text}\" is not METHOD[:THRESHOLD]");
        }

        var method = Method(parts[0], text);
        return (method, parts.Length > 1 ? Threshold(parts[1], text) : DriftMethods.DefaultThreshold(method));
    }

    private static DriftMethod Method(string name, string text) => DriftMethods.TryParse(name, out var method)
        ? method
        : throw new FormatException($"{text}: method \"{name}\" is not one of {Methods}");

    private static double Threshold(string value, string text) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var t) && double.IsFinite(t) && t >= 0
            ? t
            : throw new FormatException($"{text}: threshold \"{value}\" is not a non-negative number");
}
