namespace Sluice.Runner;

public enum StagePhase
{
    Pending,
    Running,
    Retrying,
    Succeeded,
    Failed,
    Skipped,
    Cancelled,
}

/// <summary>The live state of one stage in a run.</summary>
public sealed class StageStatus(string name)
{
    public string Name { get; } = name;

    public StagePhase Phase { get; set; } = StagePhase.Pending;

    public int Attempt { get; set; }

    public DateTimeOffset? Started { get; set; }

    public DateTimeOffset? Finished { get; set; }

    /// <summary>Why it failed or was skipped, in one line.</summary>
    public string? Message { get; set; }

    /// <summary>Output artifact name → URI.</summary>
    public IReadOnlyDictionary<string, string> Outputs { get; set; } = new Dictionary<string, string>();

    public string? LogPath { get; set; }

    /// <summary>The results the stage left as its termination message (docs/stage-contract.md), when it left any.</summary>
    public IReadOnlyDictionary<string, System.Text.Json.JsonElement>? Results { get; set; }

    public TimeSpan? Duration(DateTimeOffset now) => Started is { } s ? (Finished ?? now) - s : null;
}
