using System.Text.RegularExpressions;
using Sluice.Core.Api;
using Sluice.Core.Dag;
using Sluice.Core.Gate;
using Sluice.Core.Scheduling;

namespace Sluice.Core.Validation;

/// <summary>Semantic checks of a Pipeline beyond what its CRD schema can say.</summary>
public static partial class PipelineValidator
{
    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9._-]*$")]
    private static partial Regex ArtifactNameRegex();

    public static IReadOnlyList<ValidationError> Validate(Pipeline pipeline, ValidationOptions? options = null)
    {
        var ctx = new ValidationContext(options ?? ValidationOptions.Default);
        ctx.Metadata(pipeline.Metadata, allowGenerateName: false);
        ValidateSpec(ctx, "spec", pipeline.Spec, pipeline.Metadata.Name);
        return ctx.Errors;
    }

    /// <summary>Checks a spec alone, as a PipelineRun's snapshot or an embedded spec.</summary>
    public static IReadOnlyList<ValidationError> ValidateSpec(PipelineSpec spec, string? pipelineName, ValidationOptions? options = null)
    {
        var ctx = new ValidationContext(options ?? ValidationOptions.Default);
        ValidateSpec(ctx, "spec", spec, pipelineName);
        return ctx.Errors;
    }

    private static void ValidateSpec(ValidationContext ctx, string path, PipelineSpec spec, string? pipelineName)
    {
        var stages = spec.Stages ?? [];
        var paramNames = ValidateParams(ctx, $"{path}.params", spec.Params);
        if (stages.Count == 0)
        {
            ctx.Add($"{path}.stages", "a Pipeline needs at least one stage");
        }

        var names = stages.Select(s => s.Name).Where(n => !string.IsNullOrEmpty(n)).Distinct(StringComparer.Ordinal).ToList();
        var byName = stages.Where(s => !string.IsNullOrEmpty(s.Name)).GroupBy(s => s.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var nodes = stages.Select(s => new DagNode(s.Name, s.DependsOn ?? [])).ToList();
        for (var i = 0; i < stages.Count; i++)
        {
            var stage = stages[i];
            var sp = $"{path}.stages[{i}]";
            if (Names.Dns1123LabelProblem(stage.Name) is { } problem)
            {
                ctx.Add($"{sp}.name", problem);
            }
            else if (!seen.Add(stage.Name))
            {
                ctx.Add($"{sp}.name", $"stage \"{stage.Name}\" is defined more than once; give each stage a unique name");
            }
            else if (pipelineName is not null && JobNames.LongestForPipeline(pipelineName, stage.Name) > Names.MaxLabelLength)
            {
                ctx.Add($"{sp}.name", $"Job names <run>-<stage>-<attempt> would be up to {JobNames.LongestForPipeline(pipelineName, stage.Name)} characters, over the limit of 63; shorten the stage or Pipeline name (their lengths may add up to {Names.MaxLabelLength - 10})");
            }

            ValidateStage(ctx, sp, stage, names, byName, nodes, paramNames);
        }

        var cycle = DagPlanner.FindCycle(nodes.Where(n => !string.IsNullOrEmpty(n.Name)).ToList());
        if (cycle.Count > 0)
        {
            var index = stages.FindIndex(s => s.Name == cycle[0]);
            ctx.Add($"{path}.stages[{index}].dependsOn", $"dependency cycle {string.Join(" -> ", cycle)}; remove one of these dependencies");
        }

        ValidateRepository(ctx, $"{path}.artifactRepository", spec.ArtifactRepository);
        if (spec.Model is { } model)
        {
            ValidateModel(ctx, $"{path}.model", model, byName);
        }

        if (spec.Schedule is { } schedule)
        {
            if (!CronExpression.TryParse(schedule.Cron, out _, out var cronError))
            {
                ctx.Add($"{path}.schedule.cron", cronError);
            }

            if (!string.IsNullOrEmpty(schedule.Timezone) && ctx.Options.TimeZoneExists is { } exists && !exists(schedule.Timezone))
            {
                ctx.Add($"{path}.schedule.timezone", $"unknown time zone \"{schedule.Timezone}\"; use an IANA name such as UTC or Europe/Paris");
            }
        }

        CheckNonNegative(ctx, $"{path}.successfulRunsHistoryLimit", spec.SuccessfulRunsHistoryLimit);
        CheckNonNegative(ctx, $"{path}.failedRunsHistoryLimit", spec.FailedRunsHistoryLimit);
        CheckNonNegative(ctx, $"{path}.ttlSecondsAfterFinished", spec.TtlSecondsAfterFinished);
    }

    private static HashSet<string> ValidateParams(ValidationContext ctx, string path, List<ParamSpec>? parameters)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (parameters?.Count ?? 0); i++)
        {
            var p = parameters![i];
            if (string.IsNullOrEmpty(p.Name))
            {
                ctx.Add($"{path}[{i}].name", "parameter name is required");
            }
            else if (!names.Add(p.Name))
            {
                ctx.Add($"{path}[{i}].name", $"parameter \"{p.Name}\" is declared more than once; declare it once");
            }
        }

        return names;
    }

    private static void ValidateStage(ValidationContext ctx, string sp, Stage stage, List<string> names, Dictionary<string, Stage> byName, List<DagNode> nodes, HashSet<string> paramNames)
    {
        ctx.Required($"{sp}.image", stage.Image, "image");
        var deps = stage.DependsOn ?? [];
        for (var j = 0; j < deps.Count; j++)
        {
            var dep = deps[j];
            if (dep == stage.Name)
            {
                ctx.Add($"{sp}.dependsOn[{j}]", $"stage \"{dep}\" depends on itself; remove it from dependsOn");
            }
            else if (!byName.ContainsKey(dep))
            {
                ctx.Add($"{sp}.dependsOn[{j}]", $"stage \"{dep}\" does not exist{Names.DidYouMean(dep, names)}");
            }
            else if (deps.IndexOf(dep) != j)
            {
                ctx.Add($"{sp}.dependsOn[{j}]", $"stage \"{dep}\" is listed twice; list it once");
            }
        }

        CheckParamRefs(ctx, $"{sp}.command", stage.Command, paramNames);
        CheckParamRefs(ctx, $"{sp}.args", stage.Args, paramNames);
        var env = stage.Env ?? [];
        for (var j = 0; j < env.Count; j++)
        {
            var e = env[j];
            ctx.Required($"{sp}.env[{j}].name", e.Name, "environment variable name");
            if (e.Value is not null && e.ValueFrom is not null)
            {
                ctx.Add($"{sp}.env[{j}]", "set either value or valueFrom, not both");
            }

            if (e.ValueFrom is { } from && new object?[] { from.SecretKeyRef, from.ConfigMapKeyRef, from.FieldRef }.Count(x => x is not null) != 1)
            {
                ctx.Add($"{sp}.env[{j}].valueFrom", "set exactly one of secretKeyRef, configMapKeyRef and fieldRef");
            }

            if (e.Value is not null)
            {
                CheckParamRefs(ctx, $"{sp}.env[{j}].value", [e.Value], paramNames, single: true);
            }
        }

        var envFrom = stage.EnvFrom ?? [];
        for (var j = 0; j < envFrom.Count; j++)
        {
            if ((envFrom[j].SecretRef is null) == (envFrom[j].ConfigMapRef is null))
            {
                ctx.Add($"{sp}.envFrom[{j}]", "set exactly one of secretRef and configMapRef");
            }
        }

        var outputs = stage.Outputs ?? [];
        for (var j = 0; j < outputs.Count; j++)
        {
            if (!ArtifactNameRegex().IsMatch(outputs[j] ?? ""))
            {
                ctx.Add($"{sp}.outputs[{j}]", $"\"{outputs[j]}\" is not a valid artifact name; use letters, digits, '.', '_' and '-'");
            }
            else if (outputs.IndexOf(outputs[j]) != j)
            {
                ctx.Add($"{sp}.outputs[{j}]", $"output \"{outputs[j]}\" is listed twice; list it once");
            }
        }

        var inputs = stage.Inputs ?? [];
        var ancestors = DagPlanner.Ancestors(nodes, stage.Name);
        for (var j = 0; j < inputs.Count; j++)
        {
            var input = inputs[j];
            var ip = $"{sp}.inputs[{j}]";
            if (string.IsNullOrEmpty(input.From))
            {
                ctx.Add($"{ip}.from", "from (the stage that outputs the artifact) is required");
                continue;
            }

            if (!byName.TryGetValue(input.From, out var producer))
            {
                ctx.Add($"{ip}.from", $"stage \"{input.From}\" does not exist{Names.DidYouMean(input.From, names)}");
                continue;
            }

            var produced = producer.Outputs ?? [];
            if (string.IsNullOrEmpty(input.Name))
            {
                ctx.Add($"{ip}.name", "artifact name is required");
            }
            else if (!produced.Contains(input.Name))
            {
                var hint = produced.Count == 0 ? "it has no outputs" : $"it outputs {string.Join(", ", produced.Select(o => $"\"{o}\""))}";
                ctx.Add($"{ip}.name", $"stage \"{input.From}\" does not output \"{input.Name}\"{Names.DidYouMean(input.Name, produced)}; {hint}");
            }

            if (input.From == stage.Name)
            {
                ctx.Add($"{ip}.from", "a stage cannot read its own output; read it from an upstream stage");
            }
            else if (!ancestors.Contains(input.From))
            {
                ctx.Add($"{ip}.from", $"stage \"{input.From}\" is not upstream of \"{stage.Name}\"; add \"{input.From}\" to dependsOn");
            }
        }

        if (stage.RetryStrategy is { } retry)
        {
            ctx.Range($"{sp}.retryStrategy.limit", retry.Limit, 0, 20);
            if (retry.Backoff is { } backoff)
            {
                ctx.Duration($"{sp}.retryStrategy.backoff.duration", backoff.Duration);
                ctx.Duration($"{sp}.retryStrategy.backoff.maxDuration", backoff.MaxDuration);
                ctx.Range($"{sp}.retryStrategy.backoff.factor", backoff.Factor, 1, 10);
            }
        }

        ctx.Duration($"{sp}.timeout", stage.Timeout);
    }

    private static void CheckParamRefs(ValidationContext ctx, string path, List<string>? values, HashSet<string> paramNames, bool single = false)
    {
        for (var j = 0; j < (values?.Count ?? 0); j++)
        {
            foreach (var name in ParamReferences.Find(values![j] ?? "").Distinct())
            {
                if (!paramNames.Contains(name))
                {
                    ctx.Add(single ? path : $"{path}[{j}]", $"$(params.{name}) refers to an undefined parameter{Names.DidYouMean(name, paramNames)}; declare it in spec.params");
                }
            }
        }
    }

    private static void ValidateRepository(ValidationContext ctx, string path, ArtifactRepository? repo)
    {
        if (repo is null)
        {
            return;
        }

        if (string.IsNullOrEmpty(repo.Bucket))
        {
            ctx.Add($"{path}.bucket", "bucket is required");
        }

        if (!string.IsNullOrEmpty(repo.Endpoint) && !(Uri.TryCreate(repo.Endpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            ctx.Add($"{path}.endpoint", $"\"{repo.Endpoint}\" is not an http:// or https:// URL");
        }

        if (repo.CredentialsSecret is { Name: "" or null })
        {
            ctx.Add($"{path}.credentialsSecret.name", "name of the Secret is required");
        }
    }

    private static void ValidateModel(ValidationContext ctx, string path, ModelRegistration model, Dictionary<string, Stage> byName)
    {
        if (Names.Dns1123LabelProblem(model.Name) is { } problem)
        {
            ctx.Add($"{path}.name", problem);
        }

        CheckOutput(ctx, $"{path}.artifact", model.Artifact, byName, required: true);
        CheckOutput(ctx, $"{path}.profile", model.Profile, byName, required: false);
        CheckOutput(ctx, $"{path}.metrics", model.Metrics, byName, required: false);
        CheckOutput(ctx, $"{path}.dataset", model.Dataset, byName, required: false);
        if (model.Gate is { } gate)
        {
            foreach (var (problemPath, message) in GateRules.Problems(gate, $"{path}.gate"))
            {
                ctx.Add(problemPath, message);
            }

            if (model.Metrics is null)
            {
                ctx.Add($"{path}.metrics", "a gate reads the metrics stage's results: name it here, such as {from: evaluate, name: metrics}");
            }
        }
    }

    private static void CheckOutput(ValidationContext ctx, string path, StageInput? reference, Dictionary<string, Stage> byName, bool required)
    {
        if (reference is null)
        {
            if (required)
            {
                ctx.Add(path, "required: name the stage (from) and its output (name)");
            }

            return;
        }

        if (!byName.TryGetValue(reference.From ?? "", out var stage))
        {
            ctx.Add($"{path}.from", $"stage \"{reference.From}\" does not exist{Names.DidYouMean(reference.From ?? "", byName.Keys)}");
        }
        else if (!(stage.Outputs ?? []).Contains(reference.Name))
        {
            ctx.Add($"{path}.name", $"stage \"{reference.From}\" does not output \"{reference.Name}\"{Names.DidYouMean(reference.Name ?? "", stage.Outputs ?? [])}; add it to the stage's outputs");
        }
    }

    private static void CheckNonNegative(ValidationContext ctx, string path, int? value)
    {
        if (value < 0)
        {
            ctx.Add(path, $"{value} is negative; use 0 or more");
        }
    }
}
