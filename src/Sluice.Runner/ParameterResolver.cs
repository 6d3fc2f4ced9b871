using System.Text.RegularExpressions;
using Sluice.Core.Api;
using Sluice.Core.Validation;

namespace Sluice.Runner;

/// <summary>
/// The run's parameter values, and the references in a stage's command, args and env values: <c>$(inputs.x)</c> and
/// <c>$(outputs.x)</c> (artifact URIs, a local-run convenience), then <c>$(params.x)</c> as the operator substitutes
/// them (Core's <see cref="ParamReferences"/>).
/// </summary>
internal static partial class ParameterResolver
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

    public static string Resolve(string text, string stage, IReadOnlyDictionary<string, string> parameters,
        IReadOnlyDictionary<string, string> inputs, IReadOnlyDictionary<string, string> outputs)
    {
        var artifacts = ArtifactReference().Replace(text, m =>
        {
            var (kind, name) = (m.Groups[1].Value, m.Groups[2].Value);
            var table = kind == "inputs" ? inputs : outputs;
            return table.TryGetValue(name, out var value)
                ? value
                : throw new PipelineException($"stage \"{stage}\": {m.Value} refers to an undefined {kind[..^1]} \"{name}\"{Names.DidYouMean(name, table.Keys)}; the stage's {kind}: {(table.Count == 0 ? "none" : string.Join(", ", table.Keys))}");
        });
        return ParamReferences.Substitute(artifacts, parameters);
    }

    [GeneratedRegex(@"\$\((inputs|outputs)\.([A-Za-z0-9_.\-]+)\)")]
    private static partial Regex ArtifactReference();
}
