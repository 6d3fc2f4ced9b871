using System.Text.RegularExpressions;
using Sluice.Core.Api;
using Sluice.Core.Durations;

namespace Sluice.Core.Validation;

/// <summary>Semantic checks of a ModelVersion: source, serving settings and the canary plan.</summary>
public static partial class ModelVersionValidator
{
    [GeneratedRegex("^[a-f0-9]{64}$")]
    private static partial Regex Sha256Regex();

    [GeneratedRegex("^[a-zA-Z0-9]([-a-zA-Z0-9_.]*[a-zA-Z0-9])?$")]
    private static partial Regex VersionRegex();

    public static IReadOnlyList<ValidationError> Validate(ModelVersion mv, ValidationOptions? options = null)
    {
        var ctx = new ValidationContext(options ?? ValidationOptions.Default);
        ctx.Metadata(mv.Metadata, allowGenerateName: false);
        var spec = mv.Spec;
        if (Names.Dns1123LabelProblem(spec.Model) is { } problem)
        {
            ctx.Add("spec.model", problem);
        }

        if (string.IsNullOrEmpty(spec.Version))
        {
            ctx.Add("spec.version", "version is required, such as v1");
        }
        else if (spec.Version.Length > 63 || !VersionRegex().IsMatch(spec.Version))
        {
            ctx.Add("spec.version", $"\"{spec.Version}\" is not a valid version: use at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit");
        }

        if (spec.Source is null || string.IsNullOrEmpty(spec.Source.Uri))
        {
            ctx.Add("spec.source.uri", "uri of the model file is required (s3://bucket/key or file:///path)");
        }
        else
        {
            CheckUri(ctx, "spec.source.uri", spec.Source.Uri);
            if (spec.Source.Format is not null and not "onnx")
            {
                ctx.Add("spec.source.format", $"format \"{spec.Source.Format}\" is not supported; use onnx");
            }

            if (spec.Source.Sha256 is not null && !Sha256Regex().IsMatch(spec.Source.Sha256))
            {
                ctx.Add("spec.source.sha256", "sha256 must be 64 lower-case hex digits");
            }
        }

        if (spec.Profile is not null)
        {
            CheckUri(ctx, "spec.profile", spec.Profile);
        }

        if (spec.Serving is { } serving)
        {
            ctx.Range("spec.serving.replicas", serving.Replicas, 0, 100);
            ctx.Range("spec.serving.port", serving.Port, 1, 65535);
            ctx.Range("spec.serving.requestLogging.sampleRate", serving.RequestLogging?.SampleRate, 0, 1);
            ctx.Duration("spec.serving.requestLogging.flushInterval", serving.RequestLogging?.FlushInterval);
            ctx.Range("spec.serving.batching.maxBatchSize", serving.Batching?.MaxBatchSize, 2, 65536);
            ctx.Duration("spec.serving.batching.maxLatency", serving.Batching?.MaxLatency);
            if (GoDuration.TryParse(serving.Batching?.MaxLatency, out var wait) && wait > TimeSpan.FromSeconds(10))
            {
                ctx.Add("spec.serving.batching.maxLatency", $"{serving.Batching!.MaxLatency} is more than the server's limit of 10s");
            }

            if (serving.FeatureNames is { } featureNames)
            {
                CheckFeatureNames(ctx, "spec.serving.featureNames", featureNames);
            }
        }

        if (spec.Rollout is { } rollout)
        {
            ValidateRollout(ctx, rollout);
        }

        return ctx.Errors;
    }

    private static void ValidateRollout(ValidationContext ctx, RolloutSpec rollout)
    {
        var steps = rollout.Steps ?? [];
        if (rollout.Strategy == RolloutStrategy.Immediate && steps.Count > 0)
        {
            ctx.Add("spec.rollout.steps", "steps apply only to the Canary strategy; remove them or set strategy: Canary");
        }

        var previous = -1;
        var previousIndex = -1;
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var sp = $"spec.rollout.steps[{i}]";
            if ((step.SetWeight is null) == (step.Pause is null))
            {
                ctx.Add(sp, "set exactly one of setWeight and pause");
                continue;
            }

            if (step.SetWeight is { } weight)
            {
                if (weight is < 0 or > 100)
                {
                    ctx.Add($"{sp}.setWeight", $"weight {weight} is outside 0..100; it is a percentage of traffic");
                }
                else if (weight <= previous)
                {
                    ctx.Add($"{sp}.setWeight", $"weight {weight} does not increase on the previous weight {previous} (steps[{previousIndex}]); canary weights must increase");
                }

                (previous, previousIndex) = (weight, i);
            }
            else
            {
                ctx.Duration($"{sp}.pause.duration", step.Pause!.Duration);
            }
        }

        ctx.Duration("spec.rollout.progressDeadline", rollout.ProgressDeadline);
        if (rollout.Analysis is { } analysis)
        {
            ctx.Range("spec.rollout.analysis.maxPredictionDistance", analysis.MaxPredictionDistance, 0, 1);
            ctx.Duration("spec.rollout.analysis.interval", analysis.Interval);
            ctx.Duration("spec.rollout.analysis.maxP99Latency", analysis.MaxP99Latency);
            ctx.Range("spec.rollout.analysis.maxErrorRate", analysis.MaxErrorRate, 0, 1);
            ctx.Range("spec.rollout.analysis.minRequests", analysis.MinRequests, 0, int.MaxValue);
            ctx.Range("spec.rollout.analysis.failureLimit", analysis.FailureLimit, 0, int.MaxValue);
        }

        if (rollout.TrafficRouting?.GatewayApi is { } gateway && Names.Dns1123LabelProblem(gateway.HttpRoute) is { } problem)
        {
            ctx.Add("spec.rollout.trafficRouting.gatewayAPI.httpRoute", problem);
        }
    }

    // The server gets the names as one comma-separated, trimmed option, and the request logs key the values by them.
    private static void CheckFeatureNames(ValidationContext ctx, string path, List<string> names)
    {
        if (names.Count == 0)
        {
            ctx.Add(path, "give at least one name, or leave featureNames out to use the names the model records, else the profile's");
        }
        else if (names.Count > ServingSpec.MaxFeatureNames)
        {
            ctx.Add(path, $"{names.Count} names are more than the limit of {ServingSpec.MaxFeatureNames}");
        }

        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i] ?? "";
            var at = $"{path}[{i}]";
            if (name.Length is 0 or > ServingSpec.MaxFeatureNameLength)
            {
                ctx.Add(at, $"a name has 1 to {ServingSpec.MaxFeatureNameLength} characters; this one has {name.Length}");
            }
            else if (name.Contains(',', StringComparison.Ordinal))
            {
                ctx.Add(at, $"\"{name}\" has a comma; the server takes the names comma-separated");
            }
            else if (char.IsWhiteSpace(name[0]) || char.IsWhiteSpace(name[^1]))
            {
                ctx.Add(at, $"\"{name}\" starts or ends with a space, which the server trims; remove it");
            }
            else if (!first.TryAdd(name, i))
            {
                ctx.Add(at, $"\"{name}\" is listed twice (also {path}[{first[name]}]); each value needs its own name");
            }
        }
    }

    private static void CheckUri(ValidationContext ctx, string path, string uri)
    {
        var ok = (uri.StartsWith("s3://", StringComparison.Ordinal) && uri.IndexOf('/', 5) > 5 && uri.IndexOf('/', 5) < uri.Length - 1)
            || (uri.StartsWith("file:///", StringComparison.Ordinal) && uri.Length > 8);
        if (!ok)
        {
            ctx.Add(path, $"\"{uri}\" is not an s3://bucket/key or file:///path URI");
        }
    }
}
