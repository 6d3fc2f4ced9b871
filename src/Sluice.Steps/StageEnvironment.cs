using System.Text.Json.Nodes;
using Sluice.Artifacts;
using Sluice.Core.Results;

namespace Sluice.Steps;

/// <summary>
/// The stage contract a step runs in (the same from a Kubernetes Job and from <c>sluice run</c>): input and output
/// URIs from <c>SLUICE_INPUT_*</c> / <c>SLUICE_OUTPUT_*</c>, S3 endpoint and credentials.
/// </summary>
public sealed record StageEnvironment(IReadOnlyDictionary<string, string?> Variables)
{
    public static StageEnvironment FromProcess() =>
        new(Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value, StringComparer.Ordinal));

    public S3Settings S3 => S3Settings.FromEnvironment(Variables);

    public string? Stage => Variables.GetValueOrDefault("SLUICE_STAGE");

    /// <summary>Where a container's termination message goes: SLUICE_TERMINATION_MESSAGE_PATH, else the Kubernetes default.</summary>
    public const string TerminationMessageVariable = StageResults.TerminationMessageVariable;

    public const string DefaultTerminationMessagePath = "/dev/termination-log";

    /// <summary>The termination-message file of this container, or null outside one (the default file exists only in a pod).</summary>
    public string? TerminationMessagePath => Variables.GetValueOrDefault(TerminationMessageVariable) is { Length: > 0 } path
        ? path
        : File.Exists(DefaultTerminationMessagePath) ? DefaultTerminationMessagePath : null;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _outputNames = new(StringComparer.Ordinal);
    private readonly JsonObject _results = [];
    private readonly JsonObject _artifacts = [];

    /// <summary>Sets one member of the step's results (see <see cref="WriteResultsAsync"/>).</summary>
    public void SetResult(string name, JsonNode? value) => _results[name] = value;

    /// <summary>Records an output the step wrote, so its results carry the output's sha256 and size under its contract name.</summary>
    public void RecordArtifact(string uri, ArtifactInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        if (_outputNames.TryGetValue(uri, out var name))
        {
            _artifacts[name] = new JsonObject { ["sha256"] = info.Sha256, ["size"] = info.Size };
        }
    }

    /// <summary>
    /// Leaves a successful step's results (a JSON object of at most 4096 bytes: what <see cref="SetResult"/> set, and
    /// the sha256 of each output under <c>artifacts</c>) as the termination message, where the operator and
    /// <c>sluice run</c> read them into the stage's status (docs/stage-contract.md). Nothing outside a pod.
    /// </summary>
    public async Task WriteResultsAsync(CancellationToken cancellationToken)
    {
        if (TerminationMessagePath is not { } path)
        {
            return;
        }

        var results = (JsonObject)_results.DeepClone();
        if (_artifacts.Count > 0)
        {
            results[ArtifactDigests.Member] = _artifacts.DeepClone();
        }

        var text = results.ToJsonString();
        if (System.Text.Encoding.UTF8.GetByteCount(text) > StageResults.MaxBytes)
        {
            throw new StepException($"the step's results are over {StageResults.MaxBytes} bytes; this is a bug in the step");
        }

        await File.WriteAllTextAsync(path, text, cancellationToken);
    }

    /// <summary>The variable name of an artifact: upper case, '-' and '.' turned to '_'.</summary>
    public static string VariableName(string kind, string artifact) =>
        $"SLUICE_{kind}_{artifact.ToUpperInvariant().Replace('-', '_').Replace('.', '_')}";

    /// <summary>The explicit option when given, else the contract variable; a clear error when neither is.</summary>
    public string Input(string? option, string artifact, string optionName) =>
        Resolve(option, "INPUT", artifact, optionName);

    public string Output(string? option, string artifact, string optionName) =>
        Named(Resolve(option, "OUTPUT", artifact, optionName), artifact)!;

    public string? OptionalOutput(string? option, string artifact) =>
        Named(option ?? Variables.GetValueOrDefault(VariableName("OUTPUT", artifact)), artifact);

    private string? Named(string? uri, string artifact)
    {
        if (!string.IsNullOrWhiteSpace(uri))
        {
            _outputNames[uri] = artifact;
        }

        return uri;
    }

    public string? OptionalInput(string? option, string artifact) =>
        option ?? Variables.GetValueOrDefault(VariableName("INPUT", artifact));

    private string Resolve(string? option, string kind, string artifact, string optionName)
    {
        if (!string.IsNullOrWhiteSpace(option))
        {
            return option;
        }

        var name = VariableName(kind, artifact);
        var value = Variables.GetValueOrDefault(name);
        return string.IsNullOrWhiteSpace(value)
            ? throw new StepException($"no {kind.ToLowerInvariant()} \"{artifact}\": give {optionName} or set {name}")
            : value;
    }
}
