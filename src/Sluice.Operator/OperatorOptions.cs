using System.Globalization;

namespace Sluice.Operator;

/// <summary>
/// Everything <c>sluice operator</c> is told on its command line or environment (the Helm chart and kustomize
/// set these). Each flag <c>--some-flag</c> can also come from <c>SLUICE_SOME_FLAG</c>; the flag wins.
/// </summary>
public sealed record OperatorOptions
{
    /// <summary>The value flags, in the order <c>--help</c> lists them.</summary>
    public static readonly IReadOnlyList<string> ValueFlags =
    [
        "--kubeconfig", "--namespaces", "--leader-election-namespace", "--leader-election-id",
        "--metrics-bind-address", "--health-probe-bind-address", "--workers", "--default-artifact-endpoint",
        "--default-artifact-bucket", "--default-artifact-secret", "--step-image", "--serving-image",
    ];

    public const string LeaderElectFlag = "--leader-elect";

    /// <summary>Metrics off, as kubebuilder's scaffold (its flag's default is "0" too).</summary>
    public const string DefaultMetricsBindAddress = "0";

    /// <summary>controller-runtime's and kubebuilder's probe port.</summary>
    public const string DefaultHealthProbeBindAddress = ":8081";

    public string? Kubeconfig { get; init; }

    /// <summary>Namespaces to watch; empty means all.</summary>
    public IReadOnlyList<string> Namespaces { get; init; } = [];

    public bool LeaderElect { get; init; }

    /// <summary>Where the Lease lives; null means the operator's own namespace (in-cluster) or <c>default</c>.</summary>
    public string? LeaderElectionNamespace { get; init; }

    public string LeaderElectionId { get; init; } = "sluice-operator";

    /// <summary>
    /// Off (<c>0</c>) unless set, as kubebuilder's scaffold: out of cluster nothing then collides with
    /// <c>sluice serve</c>'s port 8080; the chart and kustomize set <c>:8080</c> in the operator's own pod.
    /// </summary>
    public string MetricsBindAddress { get; init; } = DefaultMetricsBindAddress;

    public string HealthProbeBindAddress { get; init; } = DefaultHealthProbeBindAddress;

    public int Workers { get; init; } = 4;

    public string? DefaultArtifactEndpoint { get; init; }

    public string? DefaultArtifactBucket { get; init; }

    public string? DefaultArtifactSecret { get; init; }

    public string? StepImage { get; init; }

    public string? ServingImage { get; init; }

    /// <summary>The environment variable that stands in for <paramref name="flag"/>.</summary>
    public static string EnvironmentVariableFor(string flag) =>
        "SLUICE_" + flag.TrimStart('-').Replace('-', '_').ToUpperInvariant();

    /// <summary>
    /// Builds the options from a flag reader (null when a flag is absent) and the environment. Throws
    /// <see cref="FormatException"/> naming the flag (and its variable) for a bad value.
    /// </summary>
    public static OperatorOptions Resolve(Func<string, string?> flag, bool leaderElectFlag, Func<string, string?> environment)
    {
        string? Value(string name) => flag(name) ?? NonEmpty(environment(EnvironmentVariableFor(name)));

        var workersRaw = Value("--workers");
        var workers = 4;
        if (workersRaw is not null &&
            (!int.TryParse(workersRaw, NumberStyles.Integer, CultureInfo.InvariantCulture, out workers) || workers is < 1 or > 256))
        {
            throw new FormatException(
                $"--workers ({EnvironmentVariableFor("--workers")}): \"{workersRaw}\" is not a whole number between 1 and 256");
        }

        var leaderElect = leaderElectFlag || ParseBool(environment(EnvironmentVariableFor(LeaderElectFlag)), LeaderElectFlag);
        return new OperatorOptions
        {
            Kubeconfig = Value("--kubeconfig"),
            Namespaces = (Value("--namespaces") ?? "")
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Distinct(StringComparer.Ordinal)
                .ToList(),
            LeaderElect = leaderElect,
            LeaderElectionNamespace = Value("--leader-election-namespace"),
            LeaderElectionId = Value("--leader-election-id") ?? "sluice-operator",
            MetricsBindAddress = Value("--metrics-bind-address") ?? DefaultMetricsBindAddress,
            HealthProbeBindAddress = Value("--health-probe-bind-address") ?? DefaultHealthProbeBindAddress,
            Workers = workers,
            DefaultArtifactEndpoint = Value("--default-artifact-endpoint"),
            DefaultArtifactBucket = Value("--default-artifact-bucket"),
            DefaultArtifactSecret = Value("--default-artifact-secret"),
            StepImage = Value("--step-image"),
            ServingImage = Value("--serving-image"),
        };
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static bool ParseBool(string? raw, string flag) => raw?.Trim().ToLowerInvariant() switch
    {
        null or "" or "false" or "0" => false,
        "true" or "1" => true,
        _ => throw new FormatException($"{flag} ({EnvironmentVariableFor(flag)}): \"{raw}\" is not true or false"),
    };
}
