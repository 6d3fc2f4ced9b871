using Sluice.Core.Api;

namespace Sluice.Core.Validation;

/// <summary>Semantic checks of a PipelineRun, and of its params against its Pipeline when that is known.</summary>
public static class PipelineRunValidator
{
    public static IReadOnlyList<ValidationError> Validate(PipelineRun run, Pipeline? pipeline = null, ValidationOptions? options = null)
    {
        var ctx = new ValidationContext(options ?? ValidationOptions.Default);
        ctx.Metadata(run.Metadata, allowGenerateName: true);
        ctx.Reference("spec.pipelineRef", run.Spec.PipelineRef, "Pipeline");
        ctx.Params("spec.params", run.Spec.Params);
        if (pipeline is null)
        {
            return ctx.Errors;
        }

        var declared = (pipeline.Spec.Params ?? []).ToDictionary(p => p.Name, StringComparer.Ordinal);
        var given = run.Spec.Params ?? [];
        for (var i = 0; i < given.Count; i++)
        {
            if (!declared.ContainsKey(given[i].Name))
            {
                ctx.Add($"spec.params[{i}].name", $"Pipeline \"{pipeline.Metadata.Name}\" has no parameter \"{given[i].Name}\"{Names.DidYouMean(given[i].Name, declared.Keys)}");
            }
        }

        foreach (var missing in declared.Values.Where(p => p.Default is null && given.All(g => g.Name != p.Name)))
        {
            ctx.Add("spec.params", $"parameter \"{missing.Name}\" has no default in Pipeline \"{pipeline.Metadata.Name}\"; set it");
        }

        if (!string.IsNullOrEmpty(run.Metadata.Name))
        {
            foreach (var stage in pipeline.Spec.Stages ?? [])
            {
                if (JobNames.LongestForRun(run.Metadata.Name, stage.Name) > Names.MaxLabelLength)
                {
                    ctx.Add("metadata.name", $"Job name for stage \"{stage.Name}\" would be {JobNames.LongestForRun(run.Metadata.Name, stage.Name)} characters, over 63; shorten the run name");
                    break;
                }
            }
        }

        return ctx.Errors;
    }
}
