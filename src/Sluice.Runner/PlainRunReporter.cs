using System.Globalization;
using Sluice.Core.Api;

namespace Sluice.Runner;

/// <summary>Plain lines (for logs and CI): one per state change, and each stage's output prefixed with its name.</summary>
public sealed class PlainRunReporter(TextWriter output, TimeProvider time, bool showStageOutput = true) : IRunReporter
{
    private readonly Lock _lock = new();

    public void StageChanged(StageStatus stage)
    {
        var duration = stage.Duration(time.GetUtcNow()) is { } d ? string.Create(CultureInfo.InvariantCulture, $" after {d.TotalSeconds:F1}s") : "";
        var detail = stage.Phase switch
        {
            StagePhase.Running when !stage.Retrying => $" (attempt {stage.Attempt})",
            StagePhase.Succeeded => duration,
            _ => stage.Message is null ? duration : $"{duration}: {stage.Message}",
        };
        lock (_lock)
        {
            output.WriteLine($"[{stage.Name}] {stage.State}{detail}");
        }
    }

    public void StageOutput(StageStatus stage, string line)
    {
        if (showStageOutput)
        {
            lock (_lock)
            {
                output.WriteLine($"[{stage.Name}] | {line}");
            }
        }
    }
}
