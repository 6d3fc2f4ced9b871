using System.Globalization;
using System.Text;

namespace Sluice.OperatorLoad;

/// <summary>What one load run measured: wall time, the operator's requests by verb and resource, its peak memory.</summary>
internal sealed record OperatorLoadResult(
    int Runs,
    int StagesPerRun,
    TimeSpan Wall,
    long PeakRssBytes,
    TimeSpan OperatorCpu,
    TimeSpan ServerCpu,
    IReadOnlyDictionary<(string Verb, string Resource), int> OperatorRequests)
{
    private static readonly string[] WriteVerbs = ["create", "update", "patch", "delete", "deletecollection"];

    public int StageAttempts => Runs * StagesPerRun;

    public int Writes => OperatorRequests.Where(r => WriteVerbs.Contains(r.Key.Verb)).Sum(r => r.Value);

    public string ToMarkdown()
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.AppendLine(inv, $"runs: {Runs} x {StagesPerRun} stages ({StageAttempts} stage attempts)");
        sb.AppendLine(inv, $"wall time (first create to last Succeeded): {Wall.TotalSeconds:F1} s ({StageAttempts / Wall.TotalSeconds:F0} stage attempts/s)");
        sb.AppendLine(inv, $"operator peak RSS (VmHWM): {PeakRssBytes / 1024.0 / 1024.0:F0} MB");
        sb.AppendLine(inv, $"CPU: operator {OperatorCpu.TotalSeconds:F1} s, API test server and load tool {ServerCpu.TotalSeconds:F1} s");
        sb.AppendLine(inv, $"API writes per stage attempt: {(double)Writes / StageAttempts:F2}");
        sb.AppendLine();
        sb.AppendLine("| verb | resource | requests | per stage attempt |");
        sb.AppendLine("|---|---|---:|---:|");
        foreach (var ((verb, resource), count) in OperatorRequests.OrderBy(r => r.Key.Verb, StringComparer.Ordinal).ThenBy(r => r.Key.Resource, StringComparer.Ordinal))
        {
            sb.AppendLine(inv, $"| {verb} | {resource} | {count} | {(double)count / StageAttempts:F2} |");
        }

        return sb.ToString();
    }
}
