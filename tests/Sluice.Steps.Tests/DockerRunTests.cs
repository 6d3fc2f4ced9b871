using Sluice.Runner;

namespace Sluice.Steps.Tests;

/// <summary>
/// <c>--docker</c> without a usable Docker engine fails the run before any stage starts, saying why. (No engine runs
/// on the test machines; the command line a stage would run is covered by <see cref="StageLaunchTests"/>.)
/// </summary>
public sealed class DockerRunTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-docker-").FullName;

    private static readonly Sluice.Core.Api.Pipeline Pipeline = PipelineFile.Parse("""
        apiVersion: sluice.dev/v1alpha1
        kind: Pipeline
        metadata: {name: other}
        spec:
          stages:
            - {name: prep, image: "python:3.12", command: [python, prep.py]}
        """, "p.yaml");

    private async Task<PipelineException> RunAsync(Dictionary<string, string?> environment)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var options = new RunOptions(Path.Combine(_dir, "artifacts"), "r1", new Dictionary<string, string>(), ["sluice"], _dir, UseDocker: true, Environment: environment);
        var reporter = new PlainRunReporter(TextWriter.Null, TimeProvider.System);
        return await Assert.ThrowsAsync<PipelineException>(() => new PipelineRunner(reporter, TimeProvider.System).RunAsync(Pipeline, options, deadline.Token));
    }

    [Fact]
    public async Task Without_a_docker_command_the_run_says_so()
    {
        var e = await RunAsync(new Dictionary<string, string?> { ["PATH"] = _dir });
        Assert.Equal("--docker: there is no docker command on PATH; install Docker (and start its engine), or run stages on the Sluice image only", e.Message);
        Assert.False(Directory.Exists(Path.Combine(_dir, "artifacts")), "nothing may start before the engine is found");
    }

    [Fact]
    public async Task With_no_engine_behind_the_docker_command_the_run_names_the_cause()
    {
        var path = Environment.GetEnvironmentVariable("PATH");
        var hasDocker = (path ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, "docker")));
        var e = await RunAsync(new Dictionary<string, string?>
        {
            ["PATH"] = path,
            ["HOME"] = _dir,
            ["DOCKER_HOST"] = $"unix://{_dir}/no-engine.sock",
        });
        Assert.StartsWith(hasDocker ? "--docker: the Docker engine is not reachable (" : "--docker: there is no docker command on PATH", e.Message, StringComparison.Ordinal);
        if (hasDocker)
        {
            Assert.Contains("no-engine.sock", e.Message, StringComparison.Ordinal);
            Assert.EndsWith("start it (dockerd) or check DOCKER_HOST", e.Message, StringComparison.Ordinal);
        }
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
