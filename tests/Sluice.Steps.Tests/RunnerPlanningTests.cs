using Sluice.Core.Api;
using Sluice.Core.Runs;
using Sluice.Runner;

namespace Sluice.Steps.Tests;

public sealed class RunnerPlanningTests
{
    /// <summary>A Pipeline file with the given stages (YAML flow mappings), read as <c>sluice run</c> reads it.</summary>
    private static Pipeline Load(params string[] stages) => PipelineFile.Parse(
        "apiVersion: sluice.dev/v1alpha1\nkind: Pipeline\nmetadata: {name: p}\nspec:\n  stages:\n" + string.Concat(stages.Select(s => $"    - {s}\n")),
        "p.yaml");

    [Theory]
    [InlineData("sluice", true)]
    [InlineData("sluice:0.1.0", true)]
    [InlineData("ghcr.io/sluice-dev/sluice:latest", true)]
    [InlineData("localhost:5000/sluice@sha256:abc", true)]
    [InlineData("registry:5000/team/sluice", true)]
    [InlineData("python:3.12", false)]
    [InlineData("ghcr.io/acme/not-sluice:1", false)]
    [InlineData("sluice-extra", false)]
    public void The_sluice_image_is_recognised_by_its_repository(string image, bool expected) =>
        Assert.Equal(expected, StageImages.IsSluice(image));

    [Theory]
    [InlineData("30s", 30_000)]
    [InlineData("500ms", 500)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("1.5m", 90_000)]
    public void Durations_parse_like_kubernetes(string text, double milliseconds) =>
        Assert.Equal(milliseconds, StageRetries.DelayBefore(Load($"{{name: a, image: sluice, retryStrategy: {{limit: 1, backoff: {{duration: \"{text}\", maxDuration: 3h}}}}}}").Spec.Stages[0], 2).TotalMilliseconds);

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("5 minutes")]
    public void Bad_durations_name_the_field(string text) =>
        Assert.Contains("spec.stages[0].timeout", Assert.Throws<PipelineException>(() => Load($"{{name: a, image: sluice, timeout: \"{text}\"}}")).Message, StringComparison.Ordinal);

    [Fact]
    public void Inputs_imply_dependencies()
    {
        var pipeline = Load("{name: a, image: sluice, outputs: [data]}", "{name: b, image: sluice, dependsOn: [a], inputs: [{name: data, from: a}]}", "{name: c, image: sluice, dependsOn: [a, b]}");
        Assert.Equal(["a"], StageGraph.Upstreams(pipeline.Spec.Stages[1]));
        Assert.Equal(["a", "b"], StageGraph.Upstreams(pipeline.Spec.Stages[2]).Order());
    }

    [Theory]
    [InlineData("cycle", "p.yaml: Pipeline/p: spec.stages[0].dependsOn: dependency cycle a -> b -> a")]
    [InlineData("unknown", "p.yaml: Pipeline/p: spec.stages[1].dependsOn[0]: stage \"zzz\" does not exist")]
    [InlineData("duplicate", "p.yaml: Pipeline/p: spec.stages[1].name: stage \"a\" is defined more than once")]
    [InlineData("not-an-output", "p.yaml: Pipeline/p: spec.stages[1].inputs[0].name: stage \"a\" does not output \"model\"")]
    public void Graph_errors_name_the_stage(string kind, string message)
    {
        string[] stages = kind switch
        {
            "cycle" => ["{name: a, image: sluice, dependsOn: [b]}", "{name: b, image: sluice, dependsOn: [a]}"],
            "unknown" => ["{name: a, image: sluice}", "{name: b, image: sluice, dependsOn: [zzz]}"],
            "duplicate" => ["{name: a, image: sluice}", "{name: a, image: sluice}"],
            _ => ["{name: a, image: sluice, outputs: [data]}", "{name: b, image: sluice, dependsOn: [a], inputs: [{name: model, from: a}]}"],
        };
        var e = Assert.Throws<PipelineException>(() => Load(stages));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Yaml_with_other_kinds_yields_the_pipeline_and_its_stages()
    {
        var pipeline = PipelineFile.Parse("""
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: x}
            ---
            apiVersion: sluice.dev/v1alpha1
            kind: Pipeline
            metadata: {name: demo, namespace: team-a}
            spec:
              params: [{name: seed, default: "7"}]
              stages:
                - name: train
                  image: sluice
                  args: [step, train, --seed, $(params.seed)]
                  outputs: [model]
                  retryStrategy: {limit: 2, backoff: {duration: 2s, factor: 3, maxDuration: 1m}}
                  timeout: 10m
            """, "demo.yaml");
        Assert.Equal("team-a", pipeline.Metadata.Namespace);
        var stage = Assert.Single(pipeline.Spec.Stages);
        Assert.Equal(3, StageRetries.MaxAttempts(stage));
        Assert.Equal([2, 6, 18, 54, 60], Enumerable.Range(2, 5).Select(n => StageRetries.DelayBefore(stage, n).TotalSeconds));
        Assert.Equal(TimeSpan.FromMinutes(10), Sluice.Core.Durations.GoDuration.Parse(stage.Timeout!));
        Assert.Equal("7", ParameterResolver.Params(pipeline, new Dictionary<string, string>())["seed"]);
    }
}
