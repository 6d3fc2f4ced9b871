using System.Text.RegularExpressions;

namespace Sluice.Runner;

/// <summary>Replaces <c>$(params.x)</c>, <c>$(inputs.x)</c> and <c>$(outputs.x)</c> in a stage's command, args and env.</summary>
internal static partial class ParameterResolver
{
    public static IReadOnlyDictionary<string, string> Params(LocalPipeline pipeline, IReadOnlyDictionary<string, string> given)
    {
        var unknown = given.Keys.Where(k => pipeline.Params.All(p => p.Name != k)).ToList();
        if (unknown.Count > 0)
        {
            throw new PipelineException($"--param {unknown[0]}: the pipeline has no such parameter (its parameters: {(pipeline.Params.Count == 0 ? "none" : string.Join(", ", pipeline.Params.Select(p => p.Name)))})");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in pipeline.Params)
        {
            values[p.Name] = given.GetValueOrDefault(p.Name) ?? p.Default
                ?? throw new PipelineException($"parameter \"{p.Name}\" has no default; give it with --param {p.Name}=VALUE");
        }

        return values;
    }

    public static string Resolve(string text, string stage, IReadOnlyDictionary<string, string> parameters,
        IReadOnlyDictionary<string, string> inputs, IReadOnlyDictionary<string, string> outputs) =>
        Reference().Replace(text, m =>
        {
            var (kind, name) = (m.Groups[1].Value, m.Groups[2].Value);
            var table = kind switch { "params" => parameters, "inputs" => inputs, _ => outputs };
            return table.TryGetValue(name, out var value)
                ? value
                : throw new PipelineException($"stage \"{stage}\": {m.Value} refers to an undefined {kind[..^1]} \"{name}\"");
        });

    [GeneratedRegex(@"\$\((params|inputs|outputs)\.([A-Za-z0-9_.\-]+)\)")]
    private static partial Regex Reference();
}
