using Sluice.Manifests.Loading;
using Sluice.Manifests.Validation;

namespace Sluice.Manifests.Tests;

/// <summary>Broken manifests as a new user writes them: each must get the exact field path and a useful message.</summary>
public sealed class BrokenManifestTests
{
    private const string Pipeline = """
        apiVersion: sluice.dev/v1alpha1
        kind: Pipeline
        metadata:
          name: demo
        spec:
          params:
            - name: dataset
          stages:
            - name: ingest
              image: img
              args: [step, ingest, $(params.dataset)]
              outputs: [dataset]
            - name: train
              image: img
              dependsOn: [ingest]
              inputs: [{name: dataset, from: ingest}]
              outputs: [model]
            - name: evaluate
              image: img
              dependsOn: [train]
              inputs: [{name: model, from: train}]
        """;

    private const string ModelVersion = """
        apiVersion: sluice.dev/v1alpha1
        kind: ModelVersion
        metadata:
          name: mv
        spec:
          model: demo
          version: v1
          source: {uri: s3://bucket/model.onnx}
          rollout:
            steps:
              - setWeight: 10
              - pause: {duration: 1m}
              - setWeight: 50
        """;

    private const string Drift = """
        apiVersion: sluice.dev/v1alpha1
        kind: DriftMonitor
        metadata:
          name: dm
        spec:
          model: demo
          defaults:
            numeric: {method: ks, threshold: 0.05}
        """;

    public static TheoryData<string, string, string> Cases => new()
    {
        { Pipeline, "dependsOn: [train]", "spec.stages[2].dependsOn[0]: stage \"trian\" does not exist (did you mean \"train\"?)|dependsOn: [trian]" },
        { Pipeline, "args: [step, ingest, $(params.dataset)]", "spec.stages[0].dependsOn: dependency cycle ingest -> train -> ingest; remove one of these dependencies|args: [step, ingest, $(params.dataset)]\n      dependsOn: [train]" },
        { Pipeline, "- name: evaluate", "spec.stages[2].name: stage \"train\" is defined more than once; give each stage a unique name|- name: train" },
        { Pipeline, "- name: evaluate", "spec.stages[2].name: \"Evaluate\" is not a valid name (DNS-1123 label): use lower-case letters, digits and '-', starting and ending with a letter or digit|- name: Evaluate" },
        { Pipeline, "$(params.dataset)", "spec.stages[0].args[2]: $(params.datset) refers to an undefined parameter (did you mean \"dataset\"?); declare it in spec.params|$(params.datset)" },
        { Pipeline, "inputs: [{name: model, from: train}]", "spec.stages[2].inputs[0].name: stage \"train\" does not output \"modle\" (did you mean \"model\"?); it outputs \"model\"|inputs: [{name: modle, from: train}]" },
        { Pipeline, "inputs: [{name: model, from: train}]", "spec.stages[2].inputs[0].from: stage \"trane\" does not exist (did you mean \"train\"?)|inputs: [{name: model, from: trane}]" },
        { Pipeline, "      dependsOn: [train]\n", "spec.stages[2].inputs[0].from: stage \"train\" is not upstream of \"evaluate\"; add \"train\" to dependsOn|" },
        { Pipeline, "dependsOn: [ingest]", "spec.stages[1].timeout: \"5 minutes\" is not a duration such as 30s, 5m, 1h30m or 250ms (units ns, us, ms, s, m, h)|dependsOn: [ingest]\n      timeout: 5 minutes" },
        { Pipeline, "  params:", "spec.schedule.cron: cron hour field \"25\": \"25\" is not a value from 0 to 23|  schedule: {cron: \"0 25 * * *\"}\n  params:" },
        { Pipeline, "  params:", "spec.schedule.timezone: unknown time zone \"Mars/Olympus\"; use an IANA name such as UTC or Europe/Paris|  schedule: {cron: \"@daily\", timezone: Mars/Olympus}\n  params:" },
        { Pipeline, "  name: demo", "spec.stages[0].name: Job names <run>-<stage>-<attempt> would be up to 64 characters, over the limit of 63; shorten the stage or Pipeline name (their lengths may add up to 53)|  name: a-very-long-pipeline-name-for-the-breast-cancer1" },
        { Pipeline, "image: img\n      dependsOn: [train]", "spec.stages[2].image: image is required|dependsOn: [train]" },
        { Pipeline, "outputs: [model]", "spec.stages[1].nmae: unknown field \"nmae\" (did you mean \"name\"?)|outputs: [model]\n      nmae: x" },
        { Pipeline, "outputs: [model]", "spec.stages[1].retryStrategy.limit: expected a whole number, got \"three\"|outputs: [model]\n      retryStrategy: {limit: three}" },
        { Pipeline, "apiVersion: sluice.dev/v1alpha1", "apiVersion: unknown apiVersion \"sluice.dev/v1\": version not served; use sluice.dev/v1alpha1|apiVersion: sluice.dev/v1" },
        { Pipeline, "kind: Pipeline", "kind: unknown kind \"Pipline\" (did you mean \"Pipeline\"?); sluice.dev/v1alpha1 has Pipeline, PipelineRun, ModelVersion, DriftMonitor|kind: Pipline" },
        { ModelVersion, "- setWeight: 50", "spec.rollout.steps[2].setWeight: weight 5 does not increase on the previous weight 10 (steps[0]); canary weights must increase|- setWeight: 5" },
        { ModelVersion, "- setWeight: 50", "spec.rollout.steps[2].setWeight: weight 150 is outside 0..100; it is a percentage of traffic|- setWeight: 150" },
        { ModelVersion, "- setWeight: 50", "spec.rollout.steps[2]: set exactly one of setWeight and pause|- {setWeight: 50, pause: {duration: 1m}}" },
        { ModelVersion, "uri: s3://bucket/model.onnx", "spec.source.uri: \"http://x/model.onnx\" is not an s3://bucket/key or file:///path URI|uri: http://x/model.onnx" },
        { ModelVersion, "  rollout:", "spec.serving.batching.maxLatency: \"soon\" is not a duration such as 30s, 5m, 1h30m or 250ms (units ns, us, ms, s, m, h)|  serving: {batching: {maxLatency: soon}}\n  rollout:" },
        { ModelVersion, "  rollout:", "spec.serving.batching.maxLatency: 1m is more than the server's limit of 10s|  serving: {batching: {maxLatency: 1m}}\n  rollout:" },
        { ModelVersion, "  rollout:", "spec.serving.batching.maxBatchSize: 1 is out of range; use a number from 2 to 65536|  serving: {batching: {maxBatchSize: 1}}\n  rollout:" },
        { ModelVersion, "  rollout:", "spec.rollout.strategy: unsupported value \"canary\" (did you mean \"Canary\"?); use one of Canary, Immediate|  rollout:\n    strategy: canary" },
        { ModelVersion, "  rollout:", "spec.serving.featureNames[2]: \"a\" is listed twice (also spec.serving.featureNames[0]); each value needs its own name|  serving: {featureNames: [a, b, a]}\n  rollout:" },
        { ModelVersion, "  rollout:", "spec.serving.featureNames[1]: \"b,c\" has a comma; the server takes the names comma-separated|  serving: {featureNames: [a, \"b,c\"]}\n  rollout:" },
        { ModelVersion, "  rollout:", "spec.serving.featureNames[0]: \" a\" starts or ends with a space, which the server trims; remove it|  serving: {featureNames: [\" a\"]}\n  rollout:" },
        { ModelVersion, "  rollout:", "spec.serving.featureNames[1]: a name has 1 to 256 characters; this one has 0|  serving: {featureNames: [a, \"\"]}\n  rollout:" },
        { ModelVersion, "  rollout:", $"spec.serving.featureNames[0]: a name has 1 to 256 characters; this one has 257|  serving: {{featureNames: [{new string('x', 257)}]}}\n  rollout:" },
        { ModelVersion, "  rollout:", "spec.serving.featureNames: give at least one name, or leave featureNames out to use the names the model records, else the profile's|  serving: {featureNames: []}\n  rollout:" },
        { Drift, "method: ks", "spec.defaults.numeric.method: unknown drift method \"kss\" (did you mean \"ks\"?); use one of ks, psi, jensenshannon, wasserstein, linf|method: kss" },
        { Drift, "threshold: 0.05", "spec.defaults.numeric.threshold: threshold 5 is out of range for ks: it is a p-value, use a number between 0 and 1 exclusive, such as 0.05|threshold: 5" },
        { Drift, "  model: demo", "spec.interval: \"hourly\" is not a duration such as 30s, 5m, 1h30m or 250ms (units ns, us, ms, s, m, h)|  model: demo\n  interval: hourly" },
        { Drift, "  model: demo", "spec.driftShare: 1.5 is out of range; use a number from 0 to 1|  model: demo\n  driftShare: 1.5" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reports_the_path_and_message(string baseYaml, string find, string expectedAndReplacement)
    {
        var split = expectedAndReplacement.Split('|', 2);
        var (expected, replacement) = (split[0], split[1]);
        Assert.Contains(find, baseYaml, StringComparison.Ordinal);
        var yaml = baseYaml.Replace(find, replacement, StringComparison.Ordinal);

        var docs = ManifestLoader.Load(yaml);
        var errors = docs.SelectMany(d => ManifestValidator.Validate(d, docs)).Select(e => $"{e.Path}: {e.Message}").ToList();
        Assert.Contains(expected, errors);
    }

    [Fact]
    public void Feature_names_are_at_most_4096()
    {
        IReadOnlyList<string> Errors(int count)
        {
            var names = string.Join(", ", Enumerable.Range(0, count).Select(i => $"f{i}"));
            var docs = ManifestLoader.Load(ModelVersion.Replace("  rollout:", $"  serving: {{featureNames: [{names}]}}\n  rollout:", StringComparison.Ordinal));
            return [.. docs.SelectMany(d => ManifestValidator.Validate(d, docs)).Select(e => $"{e.Path}: {e.Message}")];
        }

        Assert.Empty(Errors(4096));
        Assert.Equal(["spec.serving.featureNames: 4097 names are more than the limit of 4096"], Errors(4097));
    }

    [Fact]
    public void Syntax_errors_give_line_and_column()
    {
        var docs = ManifestLoader.Load("apiVersion: sluice.dev/v1alpha1\nkind: Pipeline\nspec:\n  stages:\n    - name: a\n   image: b\n");
        var error = Assert.Single(Assert.Single(docs).Errors);
        Assert.StartsWith("YAML syntax error", error.Message, StringComparison.Ordinal);
        Assert.True(error.Line >= 4, $"line {error.Line}: {error.Message}");
        Assert.True(error.Column > 0);
    }

    [Fact]
    public void Unknown_fields_give_line_and_column()
    {
        var docs = ManifestLoader.Load(Pipeline.Replace("outputs: [model]", "outputs: [model]\n      imagePullPolicy: Always", StringComparison.Ordinal));
        var error = Assert.Single(Assert.Single(docs).Errors);
        Assert.Equal(("spec.stages[1].imagePullPolicy", 18, 7), (error.Path, error.Line, error.Column));
    }

    [Fact]
    public void Multi_document_files_are_checked_document_by_document()
    {
        var docs = ManifestLoader.Load(Pipeline + "\n---\n" + Drift.Replace("method: ks", "method: nope", StringComparison.Ordinal) + "\n---\n");
        Assert.Equal(2, docs.Count);
        Assert.Empty(ManifestValidator.Validate(docs[0], docs));
        Assert.Single(ManifestValidator.Validate(docs[1], docs));
    }
}
