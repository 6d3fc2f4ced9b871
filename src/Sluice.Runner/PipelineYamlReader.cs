using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Sluice.Runner;

/// <summary>Reads the Pipeline document of a YAML file (other kinds in the same file are skipped).</summary>
public static class PipelineYamlReader
{
    public static LocalPipeline Read(string yaml, string source)
    {
        var deserializer = new DeserializerBuilder().Build();
        var parser = new Parser(new StringReader(yaml));
        parser.Consume<YamlDotNet.Core.Events.StreamStart>();
        var kinds = new List<string>();
        try
        {
            while (parser.Accept<YamlDotNet.Core.Events.DocumentStart>(out _))
            {
                if (deserializer.Deserialize<object>(parser) is Dictionary<object, object> doc)
                {
                    var kind = Str(doc, "kind") ?? "";
                    kinds.Add(kind);
                    if (kind == "Pipeline")
                    {
                        return FromDocument(doc, source);
                    }
                }
            }
        }
        catch (YamlException e)
        {
            throw new PipelineException($"{source}: not valid YAML at line {e.Start.Line}: {e.Message}");
        }

        throw new PipelineException($"{source} has no document of kind Pipeline (found: {(kinds.Count == 0 ? "none" : string.Join(", ", kinds))})");
    }

    private static LocalPipeline FromDocument(Dictionary<object, object> doc, string source)
    {
        var metadata = Map(doc, "metadata", source) ?? throw new PipelineException($"{source}: metadata is missing");
        var name = Str(metadata, "name") ?? throw new PipelineException($"{source}: metadata.name is missing");
        var spec = Map(doc, "spec", source) ?? throw new PipelineException($"{source}: spec is missing");
        var parameters = List(spec, "params").Select((p, i) =>
        {
            var m = AsMap(p, $"spec.params[{i}]");
            return new PipelineParam(Str(m, "name") ?? throw new PipelineException($"{source}: spec.params[{i}].name is missing"), Str(m, "default"));
        }).ToList();
        var stages = List(spec, "stages").Select((s, i) => Stage(AsMap(s, $"spec.stages[{i}]"), $"spec.stages[{i}]", source)).ToList();
        if (stages.Count == 0)
        {
            throw new PipelineException($"{source}: spec.stages is empty; a pipeline needs at least one stage");
        }

        return new LocalPipeline(name, Str(metadata, "namespace"), parameters, stages);
    }

    private static LocalStage Stage(Dictionary<object, object> m, string path, string source)
    {
        var name = Str(m, "name") ?? throw new PipelineException($"{source}: {path}.name is missing");
        var image = Str(m, "image") ?? throw new PipelineException($"{source}: {path}.image is missing (stage \"{name}\")");
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (e, i) in List(m, "env").Select((e, i) => (e, i)))
        {
            var em = AsMap(e, $"{path}.env[{i}]");
            env[Str(em, "name") ?? throw new PipelineException($"{source}: {path}.env[{i}].name is missing")] = Str(em, "value") ?? "";
        }

        var inputs = List(m, "inputs").Select((x, i) =>
        {
            var im = AsMap(x, $"{path}.inputs[{i}]");
            var artifact = Str(im, "name") ?? throw new PipelineException($"{source}: {path}.inputs[{i}].name is missing");
            var from = Str(im, "stage") ?? Str(im, "from") ?? throw new PipelineException($"{source}: {path}.inputs[{i}].stage is missing: say which stage outputs \"{artifact}\"");
            return new StageInput(artifact, from);
        }).ToList();
        var outputs = List(m, "outputs").Select((x, i) => x is string s ? s : Str(AsMap(x, $"{path}.outputs[{i}]"), "name") ?? throw new PipelineException($"{source}: {path}.outputs[{i}].name is missing")).ToList();
        var retry = RetryPolicy.None;
        if (Map(m, "retryStrategy", source) is { } r)
        {
            var backoff = Map(r, "backoff", source);
            retry = new RetryPolicy(
                int.Parse(Str(r, "limit") ?? "0", CultureInfo.InvariantCulture),
                backoff is null || Str(backoff, "duration") is not { } d ? TimeSpan.FromSeconds(1) : DurationParser.Parse(d, $"{path}.retryStrategy.backoff.duration"),
                backoff is null || Str(backoff, "factor") is not { } f ? 2 : double.Parse(f, CultureInfo.InvariantCulture),
                backoff is null || Str(backoff, "maxDuration") is not { } md ? null : DurationParser.Parse(md, $"{path}.retryStrategy.backoff.maxDuration"));
        }

        var timeout = Str(m, "timeout") is { } t ? DurationParser.Parse(t, $"{path}.timeout") : (TimeSpan?)null;
        return new LocalStage(name, image, Strings(m, "command"), Strings(m, "args"), env, Strings(m, "dependsOn"), inputs, outputs, retry, timeout);
    }

    private static string? Str(Dictionary<object, object> m, string key) =>
        m.TryGetValue(key, out var v) && v is not null ? Convert.ToString(v, CultureInfo.InvariantCulture) : null;

    private static Dictionary<object, object>? Map(Dictionary<object, object> m, string key, string source) =>
        m.TryGetValue(key, out var v) && v is not null ? AsMap(v, key) : null;

    private static Dictionary<object, object> AsMap(object v, string path) =>
        v as Dictionary<object, object> ?? throw new PipelineException($"{path} must be a mapping");

    private static List<object> List(Dictionary<object, object> m, string key) =>
        m.TryGetValue(key, out var v) && v is not null ? v as List<object> ?? throw new PipelineException($"{key} must be a list") : [];

    private static List<string> Strings(Dictionary<object, object> m, string key) =>
        List(m, key).Select(x => Convert.ToString(x, CultureInfo.InvariantCulture) ?? "").ToList();
}
