using Microsoft.Extensions.Logging;
using Sluice.Cli.Listening;
using Sluice.Operator;
using Sluice.Runtime.Hosting;

namespace Sluice.Cli.Commands;

/// <summary><c>sluice operator</c>: runs the controllers against a cluster until stopped (SIGTERM, Ctrl-C).</summary>
internal sealed class OperatorCommand : ICliCommand
{
    public string Name => "operator";

    public string Summary => "Run the Sluice operator against a Kubernetes cluster";

    public string Usage => """
        Usage: sluice operator [options]

        Runs the Sluice controllers until SIGTERM or Ctrl-C. Every option can also be set with an environment
        variable SLUICE_<OPTION_IN_UPPER_SNAKE>, e.g. SLUICE_LEADER_ELECT=true; the command line wins.

          --kubeconfig PATH                  kubeconfig to use (default: in-cluster, else ~/.kube/config)
          --namespaces a,b                   namespaces to watch (default: all)
          --leader-elect                     elect a leader on a Lease; only the leader reconciles
          --leader-election-namespace NS     namespace of the Lease (default: default)
          --leader-election-id NAME          name of the Lease (default: sluice-operator)
          --metrics-bind-address HOST:PORT   /metrics address (default 0: off; the chart and kustomize use :8080)
          --health-probe-bind-address H:P    /healthz and /readyz address (default :8081; 0 disables)
                                             (an empty or 0.0.0.0 host means $SLUICE_BIND_ADDRESS when set)
          --workers N                        concurrent reconciles per controller (default 4)
          --default-artifact-endpoint URL    S3 endpoint for Pipelines that name none
          --default-artifact-bucket NAME     S3 bucket for Pipelines that name none
          --default-artifact-secret NAME     Secret with the S3 credentials for Pipelines that name none
          --step-image IMAGE                 image of the built-in steps
          --serving-image IMAGE              image of the inference server
        """;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, CancellationToken cancellationToken)
    {
        var options = Parse(args, Environment.GetEnvironmentVariable);
        using var loggers = LoggerFactory.Create(builder => builder.AddJsonConsole(json =>
        {
            json.IncludeScopes = true;
            json.UseUtcTimestamp = true;
            json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        }));
        try
        {
            await OperatorHost.RunAsync(options, loggers, cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        }
        catch (ListenException e)
        {
            // A port in use is a command-line matter (choose another address), not a crash: one line, usage exit code.
            await context.Error.WriteLineAsync($"sluice operator: {ListenFailure.Describe(e, e.Endpoint, e.Option)}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (k8s.Exceptions.KubeConfigException e)
        {
            await context.Error.WriteLineAsync($"sluice operator: {e.Message} (give --kubeconfig PATH, or run inside a cluster)").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
        catch (LeadershipLostException e)
        {
            await context.Error.WriteLineAsync($"sluice operator: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
    }

    /// <summary>Reads the options from the command line and the environment; bad values are usage errors.</summary>
    internal static OperatorOptions Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        var reader = new ArgReader(args, flags: [OperatorOptions.LeaderElectFlag], values: OperatorOptions.ValueFlags);
        if (reader.Positionals.Count > 0)
        {
            throw new UsageException($"sluice operator takes no arguments, got \"{reader.Positionals[0]}\"");
        }

        var values = OperatorOptions.ValueFlags.ToDictionary(f => f, reader.Optional, StringComparer.Ordinal);
        var leaderElect = reader.Flag(OperatorOptions.LeaderElectFlag);

        try
        {
            var options = OperatorOptions.Resolve(f => values[f], leaderElect, environment);
            BindAddress.Parse(options.MetricsBindAddress, "--metrics-bind-address");
            BindAddress.Parse(options.HealthProbeBindAddress, "--health-probe-bind-address");
            return options;
        }
        catch (FormatException e)
        {
            throw new UsageException(e.Message);
        }
    }
}
