using System.Globalization;
using Sluice.Core.Api;
using Sluice.Core.Results;

namespace Sluice.Runner;

/// <summary>The end-of-run summary: outcome, each stage's state and outputs, the failure causes, key metrics and the gate's verdict.</summary>
public static class RunSummaryWriter
{
    private static readonly string[] KeyMetrics = ["roc_auc", "accuracy", "f1", "precision", "recall", "log_loss"];

    public static void Write(TextWriter output, RunResult result, TimeProvider time)
    {
        var outcome = result.Succeeded ? "succeeded" : result.Cancelled ? "was cancelled" : "failed";
        output.WriteLine();
        output.WriteLine($"run {result.RunName} {outcome}; artifacts: {result.ArtifactsUri}");
        foreach (var stage in result.Stages)
        {
            var duration = stage.Duration(time.GetUtcNow()) is { } d ? d.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + "s" : "-";
            output.WriteLine($"  {stage.Name,-16} {stage.State,-10} {duration,7}{(stage.Attempt > 1 ? $"  ({stage.Attempt} attempts)" : "")}");
            if (stage.Phase == StagePhase.Succeeded)
            {
                foreach (var (name, uri) in stage.Outputs)
                {
                    var sha = ArtifactDigests.Sha256(stage.Results, name) is { } digest ? $" (sha256 {digest[..12]})" : "";
                    output.WriteLine($"      {name}: {uri}{sha}");
                }

                if (stage.Results?.Where(r => r.Key != ArtifactDigests.Member).ToList() is { Count: > 0 } results)
                {
                    output.WriteLine($"      results: {string.Join(", ", results.Select(r => $"{r.Key} {r.Value.GetRawText()}"))}");
                }
            }
            else if (stage.Message is not null)
            {
                output.WriteLine($"      {stage.Message}");
            }
        }

        foreach (var (source, metrics) in result.Metrics)
        {
            var shown = KeyMetrics.Where(metrics.ContainsKey).Select(k => string.Create(CultureInfo.InvariantCulture, $"{k} {metrics[k]:F4}"));
            output.WriteLine($"metrics ({source}): {string.Join(", ", shown)}");
        }

        if (result.Gate is { } gate)
        {
            GateTableWriter.Write(output, gate);
        }

        var failed = result.Stages.FirstOrDefault(s => s.Phase == StagePhase.Failed);
        if (failed is not null)
        {
            output.WriteLine($"stage {failed.Name} failed: {failed.Message}");
        }
    }
}
