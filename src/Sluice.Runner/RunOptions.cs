namespace Sluice.Runner;

/// <summary>
/// How to run a pipeline here. <paramref name="ArtifactsRoot"/> is a directory or <c>s3://bucket/prefix</c>;
/// <paramref name="SluiceCommand"/> is how to start this Sluice executable (a file plus leading arguments) for
/// stages on the Sluice image; <paramref name="BaselineModel"/> is the model to compare with instead of the last
/// one registered locally.
/// </summary>
public sealed record RunOptions(
    string ArtifactsRoot,
    string RunName,
    IReadOnlyDictionary<string, string> Params,
    IReadOnlyList<string> SluiceCommand,
    string WorkingDirectory,
    bool UseDocker = false,
    int Parallelism = 4,
    IReadOnlyDictionary<string, string?>? Environment = null,
    string? BaselineModel = null);
