namespace Sluice.Steps.Drift;

/// <summary>
/// <c>sluice step drift</c> as given on the command line, unparsed: the step checks every value and names the
/// option of a bad one. Artifact options left out are read from the stage contract (SLUICE_INPUT_LOGS,
/// SLUICE_INPUT_BASELINE, SLUICE_OUTPUT_REPORT).
/// </summary>
public sealed record DriftWindowOptions
{
    public string? Logs { get; init; }
    public string? Namespace { get; init; }
    public string? Model { get; init; }
    public string? Version { get; init; }
    public string? Start { get; init; }
    public string? End { get; init; }
    public string? Baseline { get; init; }
    public string? ReportOut { get; init; }
    public string? Numeric { get; init; }
    public string? Categorical { get; init; }
    public IReadOnlyList<string> Features { get; init; } = [];
    public IReadOnlyList<string> Ignore { get; init; } = [];
    public string? ShareThreshold { get; init; }
    public string? MinSamples { get; init; }
    public string? MaxSamples { get; init; }
    public string? Seed { get; init; }

    /// <summary>Longest time the rows of one log object span (the servers' flush interval, with a margin), a Go duration.</summary>
    public string? ObjectSpan { get; init; }

    /// <summary>How many log objects are fetched (and verified) ahead of the one being read.</summary>
    public int Prefetch { get; init; } = 4;
}
