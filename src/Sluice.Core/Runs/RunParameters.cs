using Sluice.Core.Api;

namespace Sluice.Core.Runs;

/// <summary>A run's parameter values: the Pipeline's defaults overlaid with what the run sets.</summary>
public static class RunParameters
{
    /// <summary>
    /// Resolves the values in the Pipeline's declaration order. Call after <c>PipelineRunValidator</c> has
    /// accepted the run against the Pipeline; a parameter with neither value nor default is left out.
    /// </summary>
    public static IReadOnlyList<ParamValue> Resolve(IReadOnlyList<ParamSpec>? declared, IReadOnlyList<ParamValue>? given)
    {
        var values = new List<ParamValue>();
        foreach (var spec in declared ?? [])
        {
            var value = given?.LastOrDefault(g => g.Name == spec.Name)?.Value ?? spec.Default;
            if (value is not null)
            {
                values.Add(new ParamValue { Name = spec.Name, Value = value });
            }
        }

        return values;
    }
}
