using Sluice.Cli.Commands;

namespace Sluice.Cli.Tests;

public sealed class CrdsCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-crds-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Writes_one_file_per_kind()
    {
        var output = new StringWriter();
        var code = await new CrdsCommand().RunAsync(["--output", "out"], new CommandContext(output, output, TimeProvider.System, _dir), CancellationToken.None);
        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal(
            ["sluice.dev_driftmonitors.yaml", "sluice.dev_modelversions.yaml", "sluice.dev_pipelineruns.yaml", "sluice.dev_pipelines.yaml"],
            Directory.GetFiles(Path.Combine(_dir, "out")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Prints_to_stdout_without_output()
    {
        var output = new StringWriter();
        await new CrdsCommand().RunAsync([], new CommandContext(output, output, TimeProvider.System, _dir), CancellationToken.None);
        Assert.Contains("name: pipelines.sluice.dev", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("- sluice", output.ToString(), StringComparison.Ordinal);
    }
}
