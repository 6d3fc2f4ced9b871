namespace Sluice.Runner;

/// <summary>
/// The <c>docker run</c> command line of a stage attempt under <c>sluice run --docker</c>: the container behaves
/// as the Job's would (command replaces the image's ENTRYPOINT, args its CMD), gets the stage contract, sees the
/// working directory and a local artifact store at the same paths, and reaches 127.0.0.1 (s3rver, MinIO) on the
/// host network.
/// </summary>
internal static class DockerCommand
{
    /// <param name="docker">The docker executable.</param>
    /// <param name="containerName">Unique per attempt, so a timed-out or cancelled attempt's container can be removed.</param>
    /// <param name="environmentNames">
    /// Variables the container gets. They are set on the docker client process and passed by name only, so values
    /// (credentials) never appear on a command line, in <c>ps</c> or in logs.
    /// </param>
    /// <param name="mounts">Host directories bind-mounted at the same path.</param>
    public static IReadOnlyList<string> Build(string docker, string containerName, string image, IReadOnlyList<string> command,
        IReadOnlyList<string> args, IEnumerable<string> environmentNames, IEnumerable<string> mounts, string workingDirectory)
    {
        var line = new List<string> { docker, "run", "--rm", "--name", containerName, "--network", "host" };
        foreach (var mount in mounts.Distinct(StringComparer.Ordinal))
        {
            line.AddRange(["-v", $"{mount}:{mount}"]);
        }

        line.AddRange(["-w", workingDirectory]);
        foreach (var name in environmentNames.Distinct(StringComparer.Ordinal))
        {
            line.AddRange(["-e", name]);
        }

        if (command.Count > 0)
        {
            line.AddRange(["--entrypoint", command[0]]);
        }

        line.Add(image);
        line.AddRange(command.Skip(1));
        line.AddRange(args);
        return line;
    }

    /// <summary>The container name of an attempt: the Job name the operator would give it, prefixed.</summary>
    public static string ContainerName(string run, string stage, int attempt) =>
        "sluice-" + Sluice.Core.Validation.JobNames.For(run, stage, attempt);
}
