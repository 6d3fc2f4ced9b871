using System.Diagnostics;
using Sluice.Artifacts;
using Sluice.Artifacts.Tests;
using Sluice.Core.Api;
using Sluice.Operator.Stages;
using Sluice.Runner;
using Sluice.Testing.ApiServer;

namespace Sluice.Cli.Tests;

/// <summary>
/// The example Pipelines' ingest stage as a stage pod runs it: the container the operator writes (its args and
/// environment, artifacts in S3), started with the published `sluice` in an empty working directory, as `/work`
/// is in a pod, with no repository around. It must find the data set the image ships next to the binary, from
/// the same Pipeline YAML that `sluice run` reads in a clone.
/// </summary>
public sealed class ExampleDataInAPodTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("sluice-pod-work-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Theory]
    [InlineData("breast-cancer")]
    [InlineData("iris")]
    [InlineData("wine")]
    public async Task The_ingest_stage_reads_the_example_data_set_the_image_ships(string example)
    {
        using var s3 = S3rverProcess.Start();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var settings = new S3Settings(s3.Endpoint, "S3RVER", "S3RVER", CreateBucket: true);
        (await ArtifactStoreFactory.OpenRootAsync("s3://ml-artifacts", settings, deadline.Token) as IDisposable)?.Dispose();
        var file = Path.Combine(RepositoryRoot.Path, "examples", example, "pipeline.yaml");
        var pipeline = PipelineFile.Parse(await File.ReadAllTextAsync(file, deadline.Token), file);
        var parameters = PipelineRunner.Parameters(pipeline, new Dictionary<string, string>());
        Assert.False(Path.IsPathRooted(parameters["dataset"]), "the example's dataset default is a relative path, the same in a clone and a pod");

        var ingest = pipeline.Spec.Stages.Single(s => s.Name == "ingest");
        var job = StageJobBuilder.Build(new StageJobRequest("default", example, "r1", "uid-1", pipeline.Spec, ingest, 1, parameters,
            new StageArtifacts($"s3://ml-artifacts/default/{example}/r1", s3.Endpoint, null, null)));
        var container = job.Spec.Template.Spec.Containers.Single();
        Assert.Equal(StageJobBuilder.WorkDirectory, container.WorkingDir);

        // The image's entrypoint is `sluice`; here it is the build next to this test, which ships examples/ as /app does.
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = _work, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])[Path.Combine(AppContext.BaseDirectory, "sluice.dll"), .. container.Command ?? [], .. container.Args])
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var env in container.Env.Where(e => e.Value is not null))
        {
            info.Environment[env.Name] = env.Value;
        }

        info.Environment["AWS_ACCESS_KEY_ID"] = "S3RVER";
        info.Environment["AWS_SECRET_ACCESS_KEY"] = "S3RVER";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var stderr = process.StandardError.ReadToEndAsync(deadline.Token);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        var output = await stdout + await stderr;
        Assert.True(process.ExitCode == 0, output);
        Assert.Contains($"from {parameters["dataset"]}", output, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_work));
        Assert.Contains(Directory.EnumerateFiles(s3.DataDirectory, "*", SearchOption.AllDirectories),
            f => f.Replace('\\', '/').Contains($"default/{example}/r1/ingest/train", StringComparison.Ordinal));
    }

    [Fact]
    public void The_examples_data_sets_are_next_to_the_binary_as_in_the_image()
    {
        foreach (var csv in Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, "examples"), "*.csv", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(RepositoryRoot.Path, csv);
            Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, relative)), $"{relative} is not shipped next to sluice.dll");
        }
    }
}
