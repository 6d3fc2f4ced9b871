using Sluice.Core.Api;

namespace Sluice.Core.Validation;

/// <summary>Semantic checks of a DriftMonitor: methods, thresholds, windows and the retrain reference.</summary>
public static class DriftMonitorValidator
{
    public static IReadOnlyList<ValidationError> Validate(DriftMonitor monitor, ValidationOptions? options = null)
    {
        var ctx = new ValidationContext(options ?? ValidationOptions.Default);
        ctx.Metadata(monitor.Metadata, allowGenerateName: false);
        var spec = monitor.Spec;
        if (Names.Dns1123LabelProblem(spec.Model) is { } problem)
        {
            ctx.Add("spec.model", problem);
        }

        if (spec.Baseline?.Uri is { } uri && !(uri.StartsWith("s3://", StringComparison.Ordinal) || uri.StartsWith("file:///", StringComparison.Ordinal)))
        {
            ctx.Add("spec.baseline.uri", $"\"{uri}\" is not an s3://bucket/key or file:///path URI");
        }

        ctx.Duration("spec.interval", spec.Interval);
        if (Durations.GoDuration.TryParse(spec.Interval, out var interval) && interval < TimeSpan.FromSeconds(1))
        {
            ctx.Add("spec.interval", $"\"{spec.Interval}\" is too short: windows are at least 1s");
        }

        ctx.Duration("spec.window.duration", spec.Window?.Duration);
        ctx.Duration("spec.window.allowedLateness", spec.Window?.AllowedLateness);
        ctx.Range("spec.window.minSamples", spec.Window?.MinSamples, 1, int.MaxValue);
        ctx.Range("spec.window.maxSamples", spec.Window?.MaxSamples, 100, 10_000_000);
        ctx.Range("spec.driftShare", spec.DriftShare, 0, 1);
        ctx.Range("spec.consecutiveWindows", spec.ConsecutiveWindows, 1, 1000);
        CheckTest(ctx, "spec.defaults.numeric", spec.Defaults?.Numeric?.Method, spec.Defaults?.Numeric?.Threshold, DriftMethods.Numeric);
        CheckTest(ctx, "spec.defaults.categorical", spec.Defaults?.Categorical?.Method, spec.Defaults?.Categorical?.Threshold, DriftMethods.Categorical);
        var features = spec.Features ?? [];
        for (var i = 0; i < features.Count; i++)
        {
            var f = features[i];
            ctx.Required($"spec.features[{i}].name", f.Name, "feature name");
            if (!string.IsNullOrEmpty(f.Name) && features.FindIndex(g => g.Name == f.Name) != i)
            {
                ctx.Add($"spec.features[{i}].name", $"feature \"{f.Name}\" is listed twice; list it once");
            }

            var method = f.Method ?? spec.Defaults?.Numeric?.Method ?? "ks";
            if (f.Method is not null || f.Threshold is not null)
            {
                CheckTest(ctx, $"spec.features[{i}]", method, f.Threshold, DriftMethods.All);
            }
        }

        if (spec.Retrain is { } retrain)
        {
            ctx.Reference("spec.retrain.pipelineRef", retrain.PipelineRef, "Pipeline");
            ctx.Duration("spec.retrain.cooldown", retrain.Cooldown);
            ctx.Range("spec.retrain.maxConsecutiveRefusals", retrain.MaxConsecutiveRefusals, 1, 100);
            ctx.Params("spec.retrain.params", retrain.Params);
        }

        return ctx.Errors;
    }

    private static void CheckTest(ValidationContext ctx, string path, string? method, double? threshold, IReadOnlyList<string> allowed)
    {
        if (method is null)
        {
            return;
        }

        if (!DriftMethods.All.Contains(method))
        {
            ctx.Add($"{path}.method", $"unknown drift method \"{method}\"{Names.DidYouMean(method, DriftMethods.All)}; use one of {string.Join(", ", allowed)}");
            return;
        }

        // The baseline is a training profile, which keeps decile bins, not raw values.
        if (method == "wasserstein")
        {
            ctx.Add($"{path}.method", "wasserstein needs raw values on both sides and a DriftMonitor compares with a training profile (decile bins); use ks, psi or jensenshannon");
            return;
        }

        if (!allowed.Contains(method))
        {
            ctx.Add($"{path}.method", $"method \"{method}\" does not apply here; use one of {string.Join(", ", allowed)}");
        }

        if (threshold is { } t && DriftMethods.ThresholdProblem(method, t) is { } problem)
        {
            ctx.Add($"{path}.threshold", problem);
        }
    }
}
