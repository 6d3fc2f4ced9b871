using Sluice.Cli.Commands;

namespace Sluice.Cli.Tests;

public sealed class ValidateCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-validate-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<(int Code, string Out)> Run(params string[] args)
    {
        var output = new StringWriter();
        var context = new CommandContext(output, output, TimeProvider.System, _dir);
        var code = await new ValidateCommand().RunAsync(args, context, CancellationToken.None);
        return (code, output.ToString());
    }

    [Fact]
    public async Task Prints_every_error_with_file_kind_and_name_and_fails()
    {
        File.WriteAllText(Path.Combine(_dir, "p.yaml"), """
            apiVersion: sluice.dev/v1alpha1
            kind: Pipeline
            metadata: {name: demo}
            spec:
              stages:
                - {name: train, image: img}
                - {name: evaluate, image: img, dependsOn: [trian]}
            ---
            apiVersion: sluice.dev/v1alpha1
            kind: DriftMonitor
            metadata: {name: dm}
            spec: {model: demo, interval: soon}
            """);
        var (code, output) = await Run("p.yaml");
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("p.yaml: Pipeline/demo: spec.stages[1].dependsOn[0]: stage \"trian\" does not exist (did you mean \"train\"?)", output, StringComparison.Ordinal);
        Assert.Contains("p.yaml: DriftMonitor/dm: spec.interval: \"soon\" is not a duration", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prints_a_summary_per_valid_resource()
    {
        File.WriteAllText(Path.Combine(_dir, "ok.yaml"), """
            apiVersion: sluice.dev/v1alpha1
            kind: Pipeline
            metadata: {name: demo}
            spec:
              stages: [{name: train, image: img}]
            """);
        var (code, output) = await Run(".");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("ok.yaml: Pipeline/demo: valid", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Needs_a_file() => await Assert.ThrowsAsync<UsageException>(() => Run());
}
