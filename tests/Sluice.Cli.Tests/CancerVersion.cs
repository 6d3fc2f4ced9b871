using Sluice.Testing.ApiServer;

namespace Sluice.Cli.Tests;

/// <summary>
/// A ModelVersion of the model "cancer" as the rollout tests apply it: 2 replicas of a model file (a name in
/// tests/testdata/models, or a URI), a canary with the given steps and analysis, a 60 s progress deadline, and any
/// more rollout fields (indented as rollout's children).
/// </summary>
internal static class CancerVersion
{
    public const string Analysis = "{interval: 2s, minRequests: 5, failureLimit: 2}";

    public static string Yaml(string version, string model, string steps, string analysis = Analysis, string more = "") => $$$"""
        apiVersion: sluice.dev/v1alpha1
        kind: ModelVersion
        metadata: {name: cancer-{{{version}}}}
        spec:
          model: cancer
          version: {{{version}}}
          source: {uri: "{{{(model.Contains("://", StringComparison.Ordinal) ? model : new Uri(Path.Combine(RepositoryRoot.Path, "tests", "testdata", "models", model)).AbsoluteUri)}}}"}
          serving: {replicas: 2}
          rollout:
            strategy: Canary
            steps: {{{steps}}}
            analysis: {{{analysis}}}
            progressDeadline: 60s
        {{{more}}}
        """;
}
