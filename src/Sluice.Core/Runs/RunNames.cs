using System.Globalization;
using Sluice.Core.Api;
using Sluice.Core.Validation;

namespace Sluice.Core.Runs;

/// <summary>
/// Names of the runs the Pipeline controller creates. Each is a pure function of what caused the run (a scheduled
/// time, a spec digest), so creating it is idempotent: after an operator restart the same cause gives the same name,
/// and the API server answers "already exists" instead of a second run starting.
/// </summary>
public static class RunNames
{
    private const int MinSuffixLength = JobNames.RunSuffixLength;
    private const string Base36Digits = "0123456789abcdefghijklmnopqrstuvwxyz";

    /// <summary>
    /// The longest run name whose Jobs (<c>&lt;run&gt;-&lt;stage&gt;-&lt;attempt&gt;</c>) stay DNS labels for every stage of
    /// the spec. Validation guarantees at least <c>len(pipeline) + 1 + 5</c>.
    /// </summary>
    public static int MaxLength(PipelineSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var longestStage = spec.Stages.Count == 0 ? 0 : spec.Stages.Max(s => s.Name.Length);
        return Names.MaxLabelLength - 1 - longestStage - 1 - JobNames.MaxAttemptDigits;
    }

    /// <summary>
    /// <c>&lt;pipeline&gt;-&lt;unix minutes&gt;</c> like a CronJob's Jobs, or, when that is too long for the stage names,
    /// the minutes in five base-36 digits (enough until 2085). Since 2021 the base-36 form starts with a letter past
    /// <c>f</c>, so it never equals a hex spec digest.
    /// </summary>
    public static string Scheduled(string pipeline, DateTimeOffset scheduledTime, int maxLength)
    {
        var minutes = scheduledTime.ToUnixTimeSeconds() / 60;
        var decimalName = string.Create(CultureInfo.InvariantCulture, $"{pipeline}-{minutes}");
        return decimalName.Length <= maxLength ? decimalName : $"{pipeline}-{Base36(minutes, MinSuffixLength)}";
    }

    /// <summary>
    /// <c>&lt;pipeline&gt;-spec-&lt;digest&gt;</c>; when too long the digest is shortened, then the <c>spec-</c> marker is
    /// dropped, keeping at least five hex digits.
    /// </summary>
    public static string ForSpec(string pipeline, string digest, int maxLength)
    {
        ArgumentException.ThrowIfNullOrEmpty(digest);
        const string marker = "spec-";
        var room = maxLength - pipeline.Length - 1;
        if (room >= marker.Length + digest.Length)
        {
            return $"{pipeline}-{marker}{digest}";
        }

        if (room >= marker.Length + MinSuffixLength)
        {
            return $"{pipeline}-{marker}{digest[..(room - marker.Length)]}";
        }

        return $"{pipeline}-{digest[..Math.Clamp(room, Math.Min(MinSuffixLength, digest.Length), digest.Length)]}";
    }

    private static string Base36(long value, int width)
    {
        var chars = new char[width];
        for (var i = width - 1; i >= 0; i--)
        {
            chars[i] = Base36Digits[(int)(value % 36)];
            value /= 36;
        }

        return new string(chars);
    }
}
