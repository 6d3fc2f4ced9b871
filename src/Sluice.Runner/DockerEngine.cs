using System.Diagnostics;

namespace Sluice.Runner;

/// <summary>Finds the docker command and checks that its engine answers, before a <c>--docker</c> run starts anything.</summary>
internal static class DockerEngine
{
    /// <summary>The docker executable.</summary>
    /// <exception cref="PipelineException">No docker on PATH, or its engine does not answer; the message says what to do.</exception>
    public static async Task<string> RequireAsync(IReadOnlyDictionary<string, string?> environment, CancellationToken cancellationToken)
    {
        var docker = Find(environment.GetValueOrDefault("PATH"))
            ?? throw new PipelineException("--docker: there is no docker command on PATH; install Docker (and start its engine), or run stages on the Sluice image only");
        var info = new ProcessStartInfo(docker) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("version");
        info.ArgumentList.Add("--format");
        info.ArgumentList.Add("{{.Server.Version}}");
        info.Environment.Clear();
        foreach (var (name, value) in environment)
        {
            if (value is not null)
            {
                info.Environment[name] = value;
            }
        }

        using var process = Process.Start(info) ?? throw new PipelineException($"--docker: cannot start {docker}");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            await process.WaitForExitAsync(linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new PipelineException($"--docker: the Docker engine did not answer `{docker} version` within 20 s; check that it is running");
        }

        if (process.ExitCode != 0)
        {
            var why = (await stderr + await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? $"exit code {process.ExitCode}";
            throw new PipelineException($"--docker: the Docker engine is not reachable ({why}); start it (dockerd) or check DOCKER_HOST");
        }

        return docker;
    }

    /// <summary>
    /// Removes an attempt's container after a timeout or Ctrl-C: killing the docker client does not stop the container.
    /// Best effort, bounded by 20 s.
    /// </summary>
    public static async Task RemoveContainerAsync(string docker, string containerName, IReadOnlyDictionary<string, string?> environment)
    {
        var info = new ProcessStartInfo(docker) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "rm", "--force", containerName })
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        try
        {
            using var process = Process.Start(info);
            if (process is null)
            {
                return;
            }

            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or System.ComponentModel.Win32Exception)
        {
            // The container may linger; nothing more to do from here.
        }
    }

    private static string? Find(string? path) =>
        (path ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "docker"))
            .FirstOrDefault(File.Exists);
}
