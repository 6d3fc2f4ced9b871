namespace Sluice.Runner;

/// <summary>
/// The parts of a <c>Pipeline</c> (sluice.dev/v1alpha1) that a local run needs. Interim: read straight from YAML
/// until the shared API types and loader land in Sluice.Core.Api / Sluice.Manifests.
/// </summary>
public sealed record LocalPipeline(
    string Name,
    string? Namespace,
    IReadOnlyList<PipelineParam> Params,
    IReadOnlyList<LocalStage> Stages);

public sealed record PipelineParam(string Name, string? Default);

/// <summary>An artifact a stage reads: its name and the stage that outputs it.</summary>
public sealed record StageInput(string Name, string Stage);

/// <summary>Retries after a failed attempt: up to <c>Limit</c>, waiting Duration·Factor^n capped at MaxDuration.</summary>
public sealed record RetryPolicy(int Limit, TimeSpan Duration, double Factor, TimeSpan? MaxDuration)
{
    public static RetryPolicy None { get; } = new(0, TimeSpan.Zero, 1, null);

    public TimeSpan DelayBefore(int retry)
    {
        var delay = TimeSpan.FromTicks((long)(Duration.Ticks * Math.Pow(Factor, retry - 1)));
        return MaxDuration is { } max && delay > max ? max : delay;
    }
}

public sealed record LocalStage(
    string Name,
    string Image,
    IReadOnlyList<string> Command,
    IReadOnlyList<string> Args,
    IReadOnlyDictionary<string, string> Env,
    IReadOnlyList<string> DependsOn,
    IReadOnlyList<StageInput> Inputs,
    IReadOnlyList<string> Outputs,
    RetryPolicy Retry,
    TimeSpan? Timeout)
{
    /// <summary>The Sluice image is <c>sluice</c> or any repository ending in <c>/sluice</c>, with any tag or digest.</summary>
    public bool UsesSluiceImage
    {
        get
        {
            var repository = Image.Split('@')[0];
            var lastSlash = repository.LastIndexOf('/');
            var colon = repository.LastIndexOf(':');
            if (colon > lastSlash)
            {
                repository = repository[..colon];
            }

            return repository == "sluice" || repository.EndsWith("/sluice", StringComparison.Ordinal);
        }
    }
}
