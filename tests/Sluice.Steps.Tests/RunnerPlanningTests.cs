using Sluice.Runner;

namespace Sluice.Steps.Tests;

public sealed class RunnerPlanningTests
{
    private static LocalStage Stage(string name, string[]? dependsOn = null, StageInput[]? inputs = null, string[]? outputs = null, string image = "sluice") =>
        new(name, image, [], [], new Dictionary<string, string>(), dependsOn ?? [], inputs ?? [], outputs ?? [], RetryPolicy.None, null);

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
        Assert.Equal(expected, Stage("s", image: image).UsesSluiceImage);

    [Theory]
    [InlineData("30s", 30_000)]
    [InlineData("500ms", 500)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("1.5m", 90_000)]
    public void Durations_parse_like_kubernetes(string text, double milliseconds) =>
        Assert.Equal(milliseconds, DurationParser.Parse(text, "timeout").TotalMilliseconds);

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("5 minutes")]
    public void Bad_durations_name_the_field(string text) =>
        Assert.Contains("spec.stages[0].timeout", Assert.Throws<PipelineException>(() => DurationParser.Parse(text, "spec.stages[0].timeout")).Message, StringComparison.Ordinal);

    [Fact]
    public void Inputs_imply_dependencies()
    {
        var pipeline = new LocalPipeline("p", null, [], [Stage("a", outputs: ["data"]), Stage("b", inputs: [new StageInput("data", "a")]), Stage("c", dependsOn: ["a", "b"])]);
        var upstreams = DagPlanner.Upstreams(pipeline);
        Assert.Equal(["a"], upstreams["b"]);
        Assert.Equal(["a", "b"], upstreams["c"].Order());
    }

    [Theory]
    [InlineData("cycle", "the stages form a cycle: a -> b -> a")]
    [InlineData("unknown", "stage \"b\": dependsOn \"zzz\" is not a stage of this pipeline")]
    [InlineData("duplicate", "stage name \"a\" is used twice")]
    [InlineData("not-an-output", "stage \"b\": input \"model\" is not an output of stage \"a\"")]
    public void Graph_errors_name_the_stage(string kind, string message)
    {
        LocalStage[] stages = kind switch
        {
            "cycle" => [Stage("a", dependsOn: ["b"]), Stage("b", dependsOn: ["a"])],
            "unknown" => [Stage("a"), Stage("b", dependsOn: ["zzz"])],
            "duplicate" => [Stage("a"), Stage("a")],
            _ => [Stage("a", outputs: ["data"]), Stage("b", inputs: [new StageInput("model", "a")])],
        };
        var e = Assert.Throws<PipelineException>(() => DagPlanner.Upstreams(new LocalPipeline("p", null, [], stages)));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Retry_backoff_grows_by_its_factor_up_to_the_cap()
    {
        var policy = new RetryPolicy(5, TimeSpan.FromSeconds(1), 2, TimeSpan.FromSeconds(5));
        Assert.Equal([1, 2, 4, 5, 5], Enumerable.Range(1, 5).Select(i => policy.DelayBefore(i).TotalSeconds));
    }

    [Fact]
    public void Yaml_with_other_kinds_yields_the_pipeline_and_its_stages()
    {
        var pipeline = PipelineYamlReader.Read("""
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
        Assert.Equal("team-a", pipeline.Namespace);
        var stage = Assert.Single(pipeline.Stages);
        Assert.Equal(new RetryPolicy(2, TimeSpan.FromSeconds(2), 3, TimeSpan.FromMinutes(1)), stage.Retry);
        Assert.Equal(TimeSpan.FromMinutes(10), stage.Timeout);
        Assert.Equal("7", ParameterResolver.Params(pipeline, new Dictionary<string, string>())["seed"]);
    }
}
