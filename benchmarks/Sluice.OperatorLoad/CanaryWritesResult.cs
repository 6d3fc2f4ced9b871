using System.Globalization;
using System.Text;

namespace Sluice.OperatorLoad;

/// <summary>
/// The operator's writes over a 6-step and a 12-step canary without checks (their difference: what 6 steps cost) and a
/// 6-step one with a check every second, as markdown.
/// </summary>
internal sealed record CanaryWritesResult(
    IReadOnlyDictionary<(string Verb, string Resource), int> Six,
    IReadOnlyDictionary<(string Verb, string Resource), int> Twelve,
    IReadOnlyDictionary<(string Verb, string Resource), int> Checked,
    int Checks)
{
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        var (six, twelve, checkedTotal) = (Six.Values.Sum(), Twelve.Values.Sum(), Checked.Values.Sum());
        text.AppendLine(CultureInfo.InvariantCulture, $"6 steps: {six} writes; 12 steps: {twelve} writes. **{(twelve - six) / 6.0:0.00} writes per step** ((12-step − 6-step) / 6); "
            + $"{six - (twelve - six):0} writes per rollout besides its steps (start and promotion).");
        text.AppendLine(CultureInfo.InvariantCulture, $"6 steps with a check every second ({Checks} checks kept in status): {checkedTotal} writes, "
            + $"{(Checks == 0 ? 0 : (double)(checkedTotal - six) / Checks):0.00} more per check.");
        text.AppendLine();
        text.AppendLine("| verb | resource | 6 steps | 12 steps | per step | 6 steps, checked |");
        text.AppendLine("|---|---|---:|---:|---:|---:|");
        foreach (var key in Six.Keys.Union(Twelve.Keys).Union(Checked.Keys).Order())
        {
            var (a, b) = (Six.GetValueOrDefault(key), Twelve.GetValueOrDefault(key));
            text.AppendLine(CultureInfo.InvariantCulture, $"| {key.Verb} | {key.Resource} | {a} | {b} | {(b - a) / 6.0:0.00} | {Checked.GetValueOrDefault(key)} |");
        }

        return text.ToString();
    }
}
