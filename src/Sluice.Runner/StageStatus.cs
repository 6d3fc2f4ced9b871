using Sluice.Core.Api;

namespace Sluice.Runner;

/// <summary>The live state of one stage in a run.</summary>
public sealed class StageStatus(string name)
{
    public string Name { get; } = name;

    public StagePhase Phase { get; set; } = StagePhase.Pending;

    /// <summary>Set while a failed attempt waits for its retry (the operator's reason for it, RetryBackoff).</summary>
    public bool Retrying { get; set; }

    /// <summary>What the reporters show: the phase, or "retrying" between attempts.</summary>
    public string State => Retrying ? "retrying" : Phase.ToString().ToLowerInvariant();

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
