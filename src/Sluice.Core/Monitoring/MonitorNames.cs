using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Sluice.Core.Monitoring;

/// <summary>
/// Deterministic names of what a monitor creates, one per window end: a restarted operator finds the Job it
/// started, and a retried create of a retraining run gets AlreadyExists instead of making a second run.
/// </summary>
public static class MonitorNames
{
    public const string MonitorLabel = "sluice.dev/drift-monitor";
    public const string WindowEndLabel = "sluice.dev/window-end";

    public static string EvaluationJob(string monitor, WindowSpan window) => $"{Prefix(monitor, 40)}-{Stamp(window.End)}";

    public static string RetrainRun(string monitor, WindowSpan window) => $"{Prefix(monitor, 40)}-drift-{Stamp(window.End)}";

    public static string Stamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);

    public static bool TryParseStamp(string? text, out DateTimeOffset time)
    {
        var ok = DateTime.TryParseExact(text, "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t);
        time = ok ? new DateTimeOffset(t, TimeSpan.Zero) : default;
        return ok;
    }

    // A long name is cut and given a hash of the whole, so two monitors that share a long prefix never share names.
    private static string Prefix(string name, int max)
    {
        if (name.Length <= max)
        {
            return name;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..6];
        return $"{name[..(max - 7)].TrimEnd('-')}-{hash}";
    }
}
