using Sluice.Core.Results;

namespace Sluice.Runner;

/// <summary>
/// The termination-message file of one local attempt, next to its log: a process stage is told its path by
/// SLUICE_TERMINATION_MESSAGE_PATH, as the API test server's kubelet does, and what it leaves on success are its
/// results. A Docker stage gets none: its /dev/termination-log is not mounted.
/// </summary>
internal sealed class StageResultsFile
{
    private readonly string? path;

    private StageResultsFile(string? path, IReadOnlyDictionary<string, string?> environment)
    {
        this.path = path;
        Environment = environment;
    }

    public IReadOnlyDictionary<string, string?> Environment { get; }

    public static StageResultsFile For(string logPath, int attempt, PreparedAttempt prepared)
    {
        if (prepared.ContainerName is not null)
        {
            return new StageResultsFile(null, prepared.Environment);
        }

        var path = Path.ChangeExtension(logPath, $".attempt{attempt}.termination-log");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "");
        var environment = new Dictionary<string, string?>(prepared.Environment, StringComparer.Ordinal)
        {
            [StageResults.TerminationMessageVariable] = path,
        };
        return new StageResultsFile(path, environment);
    }

    /// <summary>The results of a successful attempt, or null when the stage could not leave any.</summary>
    public StageResultsParse? Read() => path is null ? null : StageResults.Parse(File.Exists(path) ? File.ReadAllText(path) : "");
}
