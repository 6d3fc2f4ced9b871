using Sluice.Manifests.Crds;

namespace Sluice.Cli.Commands;

/// <summary>`sluice crds [--output DIR]`: writes the CustomResourceDefinitions generated from the API types.</summary>
internal sealed class CrdsCommand : ICliCommand
{
    public string Name => "crds";

    public string Summary => "Print or write the sluice.dev CustomResourceDefinitions";

    public string Usage => """
        Usage: sluice crds [--output DIR]

        Generates the CRDs of Pipeline, PipelineRun, ModelVersion and DriftMonitor from the API types.
        Without --output, prints them to stdout as one multi-document YAML stream (pipe it to kubectl apply -f -).
        With --output, writes one file per kind (sluice.dev_<plural>.yaml) into DIR, creating it.
        """;

    public Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, CancellationToken cancellationToken)
    {
        var reader = new ArgReader(args, flags: [], values: ["--output"]);
        reader.NoPositionals();
        var output = reader.Optional("--output");

        var crds = new CrdGenerator().GenerateAll();
        if (output is null)
        {
            foreach (var (_, crd) in crds)
            {
                context.Out.Write(CrdGenerator.ToYaml(crd));
            }

            return Task.FromResult(ExitCodes.Success);
        }

        var dir = Path.GetFullPath(output, context.WorkingDirectory);
        Directory.CreateDirectory(dir);
        foreach (var (file, crd) in crds)
        {
            File.WriteAllText(Path.Combine(dir, file), CrdGenerator.ToYaml(crd));
            context.Out.WriteLine(Path.Combine(output, file));
        }

        return Task.FromResult(ExitCodes.Success);
    }
}
