using Sluice.Core.Api;
using Sluice.Runner;

namespace Sluice.Steps.Tests;

/// <summary>What a stage process or container gets: the stage contract, substitutions, and the docker command line.</summary>
public sealed class StageLaunchTests
{
    private static readonly Dictionary<string, string?> Host = new(StringComparer.Ordinal)
    {
        ["PATH"] = "/usr/bin",
        ["AWS_ACCESS_KEY_ID"] = "AKIA-TEST",
        ["AWS_SECRET_ACCESS_KEY"] = "very-secret",
        ["DB_PASSWORD"] = "from-my-shell",
    };

    private static Pipeline Load(string stage, string annotations = "{}") => PipelineFile.Parse($$"""
        apiVersion: sluice.dev/v1alpha1
        kind: Pipeline
        metadata: {name: churn, namespace: team-a, annotations: {{annotations}}}
        spec:
          params: [{name: seed, default: "7"}, {name: mode}]
          stages:
            - {name: ingest, image: sluice, outputs: [train-set.csv]}
            - {{stage.Replace("\n", "\n      ", StringComparison.Ordinal)}}
        """, "p.yaml");

    private static StageLaunch Launch(Pipeline pipeline, string? docker = null, IReadOnlyDictionary<string, string>? given = null) => new(
        "churn", "team-a",
        new RunOptions("/work/.sluice/artifacts", "r1", given ?? new Dictionary<string, string> { ["mode"] = "fast" }, ["/opt/sluice/sluice"], "/work"),
        "s3://ml/prefix/team-a/churn/r1", "http://127.0.0.1:9000",
        ParameterResolver.Params(pipeline, given ?? new Dictionary<string, string> { ["mode"] = "fast" }), Host, docker, ["/work", "/data/artifacts"],
        LocalCommands.Of(pipeline));

    private static PreparedAttempt Prepare(string stage, string? docker = null, int attempt = 2, string annotations = "{}")
    {
        var pipeline = Load(stage, annotations);
        return Launch(pipeline, docker).Prepare(pipeline.Spec.Stages[1], attempt,
            new Dictionary<string, string> { ["train-set.csv"] = "s3://ml/prefix/team-a/churn/r1/ingest/train-set.csv" },
            new Dictionary<string, string> { ["model"] = "s3://ml/prefix/team-a/churn/r1/train/model" });
    }

    [Fact]
    public void A_stage_gets_the_stage_contract()
    {
        var env = Prepare("{name: train, image: sluice, dependsOn: [ingest], inputs: [{name: train-set.csv, from: ingest}], outputs: [model]}").Environment;

        Assert.Equal("churn", env["SLUICE_PIPELINE"]);
        Assert.Equal("r1", env["SLUICE_RUN"]);
        Assert.Equal("train", env["SLUICE_STAGE"]);
        Assert.Equal("2", env["SLUICE_ATTEMPT"]);
        Assert.Equal("team-a", env["SLUICE_NAMESPACE"]);
        Assert.Equal("s3://ml/prefix/team-a/churn/r1", env["SLUICE_ARTIFACTS_URI"]);
        Assert.Equal("s3://ml/prefix/team-a/churn/r1/ingest/train-set.csv", env["SLUICE_INPUT_TRAIN_SET_CSV"]);
        Assert.Equal("s3://ml/prefix/team-a/churn/r1/train/model", env["SLUICE_OUTPUT_MODEL"]);
        Assert.Equal("http://127.0.0.1:9000", env["SLUICE_S3_ENDPOINT"]);
        Assert.Equal("very-secret", env["AWS_SECRET_ACCESS_KEY"]);
    }

    [Fact]
    public void Params_and_kubernetes_variable_references_are_replaced_as_on_a_cluster()
    {
        var attempt = Prepare("""
            {name: train, image: ghcr.io/acme/sluice:1, command: [sluice], dependsOn: [ingest], inputs: [{name: train-set.csv, from: ingest}], outputs: [model],
             args: [step, train, --seed, "$(params.seed)", --mode, "$(params.mode)", --data, "$(SLUICE_INPUT_TRAIN_SET_CSV)", --model, "$(SLUICE_OUTPUT_MODEL)", --tag, "$$(SLUICE_RUN)", "$(UNDEFINED)", "$(inputs.train-set.csv)"],
             env: [{name: RUN_TAG, value: "$(SLUICE_RUN)-$(params.seed)"}, {name: LATER, value: "$(EARLY)"}, {name: EARLY, value: x}, {name: SLUICE_RUN, value: hijack}]}
            """);

        Assert.Equal(["/opt/sluice/sluice", "step", "train", "--seed", "7", "--mode", "fast", "--data", "s3://ml/prefix/team-a/churn/r1/ingest/train-set.csv",
            "--model", "s3://ml/prefix/team-a/churn/r1/train/model", "--tag", "$(SLUICE_RUN)", "$(UNDEFINED)", "$(inputs.train-set.csv)"], attempt.CommandLine);
        Assert.Equal("r1-7", attempt.Environment["RUN_TAG"]);
        Assert.Equal("$(EARLY)", attempt.Environment["LATER"]); // as in a Pod: only variables defined before it
        Assert.Equal("r1", attempt.Environment["SLUICE_RUN"]); // as in the operator's Job: the contract wins
    }

    [Fact]
    public void Env_from_a_secret_is_taken_from_the_shell_or_fails_naming_the_variable()
    {
        var env = Prepare("{name: train, image: sluice, env: [{name: DB_PASSWORD, valueFrom: {secretKeyRef: {name: db, key: password}}}, {name: OPTIONAL, valueFrom: {configMapKeyRef: {name: c, key: k, optional: true}}}]}").Environment;
        Assert.Equal("from-my-shell", env["DB_PASSWORD"]);
        Assert.False(env.ContainsKey("OPTIONAL"));

        var e = Assert.Throws<PipelineException>(() => Prepare("{name: train, image: sluice, env: [{name: API_TOKEN, valueFrom: {secretKeyRef: {name: api, key: token}}}]}"));
        Assert.Equal("stage \"train\": env API_TOKEN comes from key token of Secret api, which a local run cannot read; export API_TOKEN in your shell and sluice run passes it to the stage", e.Message);
    }

    [Fact]
    public void Other_images_need_docker()
    {
        var e = Assert.Throws<PipelineException>(() => Prepare("{name: prep, image: python:3.12, command: [python, prep.py]}"));
        Assert.Equal("stage \"prep\" uses image python:3.12, which is not the Sluice image; a local run starts it only with --docker (needs a Docker engine) or with a local command in the Pipeline annotation sluice.dev/local-command.prep (a JSON array)", e.Message);
    }

    [Fact]
    public void A_local_command_annotation_replaces_the_command_of_another_image_without_docker()
    {
        const string Stage = "{name: prep, image: python:3.12, command: [python, /app/prep.py], args: [--seed, \"$(params.seed)\"]}";
        var annotations = "{sluice.dev/local-command.prep: '[\"python3\", \"scripts/prep.py\", \"--stage\", \"$(SLUICE_STAGE)\"]'}";

        Assert.Equal(["python3", "scripts/prep.py", "--stage", "prep", "--seed", "7"], Prepare(Stage, annotations: annotations).CommandLine);
        Assert.Equal("docker", Prepare(Stage, docker: "docker", annotations: annotations).CommandLine[0]);
    }

    [Theory]
    [InlineData("{sluice.dev/local-command.prepp: '[\"x\"]'}", "metadata.annotations[sluice.dev/local-command.prepp]: stage \"prepp\" does not exist (did you mean \"prep\"?)")]
    [InlineData("{sluice.dev/local-command.prep: python prep.py}", "metadata.annotations[sluice.dev/local-command.prep]: \"python prep.py\" is not a command; write a JSON array of strings such as '[\"python3\", \"prep.py\"]'")]
    [InlineData("{sluice.dev/local-command.prep: '[]'}", "metadata.annotations[sluice.dev/local-command.prep]: \"[]\" is not a command")]
    public void Bad_local_command_annotations_name_the_annotation(string annotations, string message)
    {
        var e = Assert.Throws<PipelineException>(() => LocalCommands.Of(Load("{name: prep, image: python:3.12}", annotations)));
        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Under_docker_command_replaces_the_entrypoint_and_variables_pass_by_name_only()
    {
        var attempt = Prepare("""
            {name: prep, image: "python:3.12", command: [python, prep.py], args: [--seed, "$(params.seed)"], dependsOn: [ingest],
             inputs: [{name: train-set.csv, from: ingest}], env: [{name: LEVEL, value: debug}]}
            """, docker: "/usr/bin/docker", attempt: 3);

        Assert.Equal("sluice-r1-prep-3", attempt.ContainerName);
        Assert.Equal([
            "/usr/bin/docker", "run", "--rm", "--name", "sluice-r1-prep-3", "--network", "host",
            "-v", "/work:/work", "-v", "/data/artifacts:/data/artifacts", "-w", "/work",
            "-e", "SLUICE_PIPELINE", "-e", "SLUICE_RUN", "-e", "SLUICE_STAGE", "-e", "SLUICE_ATTEMPT", "-e", "SLUICE_NAMESPACE", "-e", "SLUICE_ARTIFACTS_URI",
            "-e", "SLUICE_S3_ENDPOINT", "-e", "SLUICE_INPUT_TRAIN_SET_CSV", "-e", "SLUICE_OUTPUT_MODEL", "-e", "LEVEL", "-e", "AWS_ACCESS_KEY_ID", "-e", "AWS_SECRET_ACCESS_KEY",
            "--entrypoint", "python", "python:3.12", "prep.py", "--seed", "7"], attempt.CommandLine);
        Assert.DoesNotContain(attempt.CommandLine, a => a.Contains("very-secret", StringComparison.Ordinal));
        Assert.Equal("3", attempt.Environment["SLUICE_ATTEMPT"]);
        Assert.Equal("debug", attempt.Environment["LEVEL"]);
    }

    [Fact]
    public void Under_docker_args_alone_keep_the_image_entrypoint()
    {
        var attempt = Prepare("{name: prep, image: busybox, args: [echo, hi]}", docker: "docker");
        Assert.Equal(["busybox", "echo", "hi"], attempt.CommandLine.Skip(attempt.CommandLine.Count - 3));
        Assert.DoesNotContain("--entrypoint", attempt.CommandLine);
    }

    [Fact]
    public void Run_parameters_must_be_declared_and_set()
    {
        var pipeline = Load("{name: train, image: sluice}");
        var unknown = Assert.Throws<PipelineException>(() => ParameterResolver.Params(pipeline, new Dictionary<string, string> { ["mode"] = "x", ["sed"] = "1" }));
        Assert.Equal("--param sed: the pipeline has no such parameter (did you mean \"seed\"?); its parameters: seed, mode", unknown.Message);
        var missing = Assert.Throws<PipelineException>(() => ParameterResolver.Params(pipeline, new Dictionary<string, string>()));
        Assert.Equal("parameter \"mode\" has no default; give it with --param mode=VALUE", missing.Message);
    }
}
