using Sluice.Core.Api;
using Sluice.Core.Validation;

namespace Sluice.Runner;

/// <summary>
/// The run's parameter values (from <c>--param</c> and the defaults), and their <c>$(params.x)</c> references in a
/// stage's command, args and env values, replaced exactly as the operator replaces them (Core's
/// <see cref="ParamReferences"/>).
/// </summary>
internal static class ParameterResolver
{
    public static IReadOnlyDictionary<string, string> Params(Pipeline pipeline, IReadOnlyDictionary<string, string> given)
    {
        var declared = pipeline.Spec.Params ?? [];
        var unknown = given.Keys.Where(k => declared.All(p => p.Name != k)).ToList();
        if (unknown.Count > 0)
        {
            throw new PipelineException($"--param {unknown[0]}: the pipeline has no such parameter{Names.DidYouMean(unknown[0], declared.Select(p => p.Name))}; its parameters: {(declared.Count == 0 ? "none" : string.Join(", ", declared.Select(p => p.Name)))}");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in declared)
        {
            values[p.Name] = given.GetValueOrDefault(p.Name) ?? p.Default
                ?? throw new PipelineException($"parameter \"{p.Name}\" has no default; give it with --param {p.Name}=VALUE");
        }

        return values;
    }

    public static string Resolve(string text, IReadOnlyDictionary<string, string> parameters) => ParamReferences.Substitute(text, parameters);
}
