using System.Globalization;
using Sluice.Core.Api;

namespace Sluice.Core.Gate;

/// <summary>The Pipeline's gate rules (decimal strings) as <see cref="GateRule"/>s, and what is wrong with them, by field path.</summary>
public static class GateRules
{
    /// <summary>The rules of a sound gate; call <see cref="Problems"/> first, as validation does.</summary>
    public static IReadOnlyList<GateRule> From(ModelGate? gate) =>
        gate is null ? [] : [.. gate.Rules.Select(r => Parse(r, out _))];

    /// <summary>Every problem of the gate as (path, message), such as <c>spec.model.gate.rules[0].min</c>.</summary>
    public static IReadOnlyList<(string Path, string Message)> Problems(ModelGate gate, string path)
    {
        // A list, not an iterator: the compiler's iterators read the managed thread id, which Core's purity check forbids.
        ArgumentNullException.ThrowIfNull(gate);
        var problems = new List<(string, string)>();
        if (gate.Rules.Count == 0)
        {
            problems.Add(($"{path}.rules", "a gate has at least one rule, such as {metric: roc_auc, min: \"0.9\"} (the older metric, minimum and mustBeatServing fields became rules[].metric, min and minImprovement)"));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < gate.Rules.Count; i++)
        {
            var rulePath = $"{path}.rules[{i}]";
            var spec = gate.Rules[i];
            if (spec is null)
            {
                problems.Add((rulePath, "a rule is an object with at least metric"));
                continue;
            }

            var rule = Parse(spec, out var fieldProblems);
            foreach (var problem in fieldProblems)
            {
                problems.Add(($"{rulePath}.{problem.Field}", problem.Message));
            }

            if (fieldProblems.Count > 0)
            {
                continue;
            }

            if (!string.IsNullOrWhiteSpace(rule.Metric) && !seen.Add(rule.Metric))
            {
                problems.Add(($"{rulePath}.metric", $"metric {rule.Metric} already has a rule; put all its thresholds in one rule"));
            }

            if (rule.Min is null && rule.Max is null && !rule.HasChangeThreshold)
            {
                problems.Add((rulePath, $"the rule on {rule.Metric} checks nothing: give min, max or a change threshold (minImprovement for HigherIsBetter, maxRegression for LowerIsBetter)"));
            }

            foreach (var problem in rule.Problems(rulePath))
            {
                problems.Add(problem);
            }
        }

        return problems;
    }

    private static GateRule Parse(GateRuleSpec spec, out List<(string Field, string Message)> problems)
    {
        var found = new List<(string, string)>();
        decimal? Number(string field, string? text)
        {
            if (text is null)
            {
                return null;
            }

            if (decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }

            found.Add((field, $"\"{text}\" is not a decimal number such as \"0.95\" or \"-0.001\""));
            return null;
        }

        MetricDirection direction;
        switch (spec.Direction)
        {
            case null or "" or nameof(MetricDirection.HigherIsBetter):
                direction = MetricDirection.HigherIsBetter;
                break;
            case nameof(MetricDirection.LowerIsBetter):
                direction = MetricDirection.LowerIsBetter;
                break;
            default:
                direction = MetricDirection.HigherIsBetter;
                found.Add(("direction", $"\"{spec.Direction}\" is not HigherIsBetter or LowerIsBetter"));
                break;
        }

        if (string.IsNullOrWhiteSpace(spec.Metric))
        {
            found.Add(("metric", "required: the metric the rule checks, as named in the metrics stage's results (such as roc_auc)"));
        }

        var rule = new GateRule(
            spec.Metric ?? "",
            direction,
            Number("min", spec.Min),
            Number("max", spec.Max),
            Number("minImprovement", spec.MinImprovement),
            Number("minRelativeImprovement", spec.MinRelativeImprovement),
            Number("maxRegression", spec.MaxRegression),
            Number("maxRelativeRegression", spec.MaxRelativeRegression));
        problems = found;
        return rule;
    }
}
