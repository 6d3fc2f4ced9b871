namespace Sluice.Operator.Tests.Controllers;

/// <summary>YAML of the Pipelines and runs the controller tests apply.</summary>
internal static class Manifests
{
    public const string Diamond = """
        apiVersion: sluice.dev/v1alpha1
        kind: Pipeline
        metadata: {name: diamond}
        spec:
          stages:
            - {name: a, image: busybox}
            - {name: b, image: busybox, dependsOn: [a]}
            - {name: c, image: busybox, dependsOn: [a]}
            - {name: d, image: busybox, dependsOn: [b, c]}
        """;

    /// <summary>A pipeline of <paramref name="stages"/> stages in a chain.</summary>
    public static string Chain(string name, int stages, string extra = "")
    {
        var lines = Enumerable.Range(1, stages).Select(i => i == 1
            ? $"    - {{name: s{i}, image: busybox{extra}}}"
            : $"    - {{name: s{i}, image: busybox, dependsOn: [s{i - 1}]{extra}}}");
        return $"""
            apiVersion: sluice.dev/v1alpha1
            kind: Pipeline
            metadata:
              name: {name}
            spec:
              stages:
            {string.Join('\n', lines)}
            """;
    }

    public static string Run(string name, string pipeline) => $"""
        apiVersion: sluice.dev/v1alpha1
        kind: PipelineRun
        metadata:
          name: {name}
        spec:
          pipelineRef:
            name: {pipeline}
        """;
}
