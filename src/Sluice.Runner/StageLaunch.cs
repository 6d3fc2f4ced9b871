using System.Globalization;
using Sluice.Core.Api;

namespace Sluice.Runner;

/// <summary>One attempt of a stage, ready to start: its command line, the process environment, and its container when under Docker.</summary>
internal sealed record PreparedAttempt(IReadOnlyList<string> CommandLine, IReadOnlyDictionary<string, string?> Environment, string? ContainerName);

/// <summary>
/// Turns a stage into the process a Job's container would be: the stage contract variables, the stage's env (with
/// <c>$(params.x)</c> replaced as the operator does and <c>$(VAR)</c> expanded as the kubelet does, nothing more, so a
/// pipeline that works here works on a cluster), the command and
/// args likewise; a stage on the Sluice image runs as this executable, any other through Docker or as its local
/// command (<see cref="Runner.LocalCommands"/>). A Pipeline with a model gets the serving model's file as
/// SLUICE_BASELINE_MODEL_URI ("" for a first model), as under the operator.
/// </summary>
internal sealed record StageLaunch(
    string Pipeline,
    string Namespace,
    RunOptions Options,
    string ArtifactsUri,
    string? S3Endpoint,
    IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyDictionary<string, string?> HostEnvironment,
    string? Docker,
    IReadOnlyList<string> Mounts,
    IReadOnlyDictionary<string, IReadOnlyList<string>> LocalCommands,
    string? BaselineModelUri = null)
{
    /// <summary>Variables a Docker container gets from the host when set there: the store's endpoint and credentials.</summary>
    private static readonly string[] PassedToContainers = ["SLUICE_S3_ENDPOINT", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION"];

    /// <exception cref="PipelineException">The stage cannot run here; retrying would not help.</exception>
    public PreparedAttempt Prepare(Stage stage, int attempt, IReadOnlyDictionary<string, string> inputs, IReadOnlyDictionary<string, string> outputs)
    {
        string Resolve(string text) => ParameterResolver.Resolve(text, Parameters);
        var container = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["SLUICE_PIPELINE"] = Pipeline,
            ["SLUICE_RUN"] = Options.RunName,
            ["SLUICE_STAGE"] = stage.Name,
            ["SLUICE_ATTEMPT"] = attempt.ToString(CultureInfo.InvariantCulture),
            ["SLUICE_NAMESPACE"] = Namespace,
            ["SLUICE_ARTIFACTS_URI"] = ArtifactsUri,
        };
        if (S3Endpoint is not null)
        {
            container["SLUICE_S3_ENDPOINT"] = S3Endpoint;
        }

        if (BaselineModelUri is not null)
        {
            container[Sluice.Core.Registration.RunGate.BaselineModelVariable] = BaselineModelUri;
        }

        foreach (var (name, uri) in inputs)
        {
            container[VariableName("INPUT", name)] = uri;
        }

        foreach (var (name, uri) in outputs)
        {
            container[VariableName("OUTPUT", name)] = uri;
        }

        // As in the operator's Job, the contract wins over a stage variable of the same name.
        var contract = container.Keys.ToHashSet(StringComparer.Ordinal);
        foreach (var variable in (stage.Env ?? []).Where(v => !contract.Contains(v.Name)))
        {
            if (variable.ValueFrom is not { } from)
            {
                // As in a Pod, an env value may refer only to the variables before it.
                container[variable.Name] = EnvExpansion.Expand(Resolve(variable.Value ?? ""), container);
            }
            else if (HostEnvironment.GetValueOrDefault(variable.Name) is { } value)
            {
                container[variable.Name] = value;
            }
            else if ((from.SecretKeyRef ?? from.ConfigMapKeyRef)?.Optional != true)
            {
                throw new PipelineException(
                    $"stage \"{stage.Name}\": env {variable.Name} comes from {Describe(from)}, which a local run cannot read; export {variable.Name} in your shell and sluice run passes it to the stage");
            }
        }

        var command = (stage.Command ?? []).Select(c => EnvExpansion.Expand(Resolve(c), container)).ToList();
        var args = (stage.Args ?? []).Select(a => EnvExpansion.Expand(Resolve(a), container)).ToList();
        var environment = new Dictionary<string, string?>(HostEnvironment, StringComparer.Ordinal);
        foreach (var (name, value) in container)
        {
            environment[name] = value;
        }

        if (StageImages.IsSluice(stage.Image))
        {
            if (command.Count > 0 && (command[0] == "sluice" || command[0].EndsWith("/sluice", StringComparison.Ordinal)))
            {
                command.RemoveAt(0);
            }

            return new PreparedAttempt([.. Options.SluiceCommand, .. command, .. args], environment, null);
        }

        if (Docker is null)
        {
            if (LocalCommands.TryGetValue(stage.Name, out var local))
            {
                return new PreparedAttempt([.. local.Select(c => EnvExpansion.Expand(Resolve(c), container)), .. args], environment, null);
            }

            throw new PipelineException($"stage \"{stage.Name}\" uses image {stage.Image}, which is not the Sluice image; a local run starts it only with --docker (needs a Docker engine) or with a local command in the Pipeline annotation {Runner.LocalCommands.AnnotationPrefix}{stage.Name} (a JSON array)");
        }

        var containerName = DockerCommand.ContainerName(Options.RunName, stage.Name, attempt);
        var names = container.Keys.Concat(PassedToContainers.Where(n => environment.GetValueOrDefault(n) is not null));
        return new PreparedAttempt(
            DockerCommand.Build(Docker, containerName, stage.Image, command, args, names, Mounts, Options.WorkingDirectory), environment, containerName);
    }

    internal static string VariableName(string kind, string artifact) =>
        $"SLUICE_{kind}_{artifact.ToUpperInvariant().Replace('-', '_').Replace('.', '_')}";

    private static string Describe(EnvVarSource from) =>
        from.SecretKeyRef is { } s ? $"key {s.Key} of Secret {s.Name}"
        : from.ConfigMapKeyRef is { } c ? $"key {c.Key} of ConfigMap {c.Name}"
        : $"the Pod field {from.FieldRef?.FieldPath}";
}
