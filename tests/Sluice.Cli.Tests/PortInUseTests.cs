using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Sluice.Cli.Listening;
using Sluice.Testing.ApiServer;

namespace Sluice.Cli.Tests;

/// <summary>
/// A port that is already taken, as a user meets it: `sluice serve` and `sluice operator` run as processes and
/// print one line naming the address, the flag and the process that holds the port, exit 2, no stack trace.
/// </summary>
public sealed class PortInUseTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-ports-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Sluice => Path.Combine(AppContext.BaseDirectory, "sluice.dll");

    private static TcpListener Occupy()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return listener;
    }

    // The holder as the message names it: this test process, which opened the listener.
    private static string HeldByThisProcess(int port, string flag) =>
        $@"port {port} is in use by pid {Environment.ProcessId} \(.+\); choose another with {Regex.Escape(flag)} or stop what holds it";

    [Fact]
    public void The_holder_of_a_listening_port_is_found_in_proc()
    {
        using var listener = Occupy();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        Assert.StartsWith($"pid {Environment.ProcessId} (", PortHolders.Describe(port), StringComparison.Ordinal);
        listener.Stop();
        Assert.Null(PortHolders.Describe(port));
    }

    [Fact]
    public async Task Serve_on_a_taken_port_prints_one_line_naming_port_flag_and_holder()
    {
        using var listener = Occupy();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var model = Path.Combine(RepositoryRoot.Path, "tests", "testdata", "models", "iris_mlp.onnx");

        var (code, output) = await ChildProcess.RunAsync("dotnet",
            [Sluice, "serve", "--model", model, "--name", "iris", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)], _dir, deadline.Token);

        Assert.Equal(ExitCodes.Usage, code);
        // The model loads first (its log lines come before); the failure is the last line and the only error.
        var lines = output.Trim().Split('\n');
        Assert.Matches($@"^sluice serve: cannot listen on 127\.0\.0\.1:{port} \(--host and --port\): {HeldByThisProcess(port, "--port")}$", lines[^1].TrimEnd());
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--health-probe-bind-address")]
    [InlineData("--metrics-bind-address")]
    public async Task Operator_on_a_taken_port_prints_one_line_naming_port_and_flag(string flag)
    {
        using var listener = Occupy();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var other = flag == "--metrics-bind-address" ? "--health-probe-bind-address" : "--metrics-bind-address";
        var kubeconfig = Path.Combine(_dir, "kubeconfig");
        // Nothing listens there: the servers bind before the operator first talks to the API server.
        await File.WriteAllTextAsync(kubeconfig, $"""
            apiVersion: v1
            kind: Config
            clusters:
              - name: c
                cluster:
                  server: http://127.0.0.1:{LoopbackPorts.Free()}
            users:
              - name: u
                user:
                  token: t
            contexts:
              - name: c
                context:
                  cluster: c
                  user: u
            current-context: c
            """);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var (code, output) = await ChildProcess.RunAsync("dotnet",
            [Sluice, "operator", "--kubeconfig", kubeconfig, flag, $"127.0.0.1:{port}", other, "0"], _dir, deadline.Token);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Matches($@"^sluice operator: cannot listen on 127\.0\.0\.1:{port} \({Regex.Escape(flag)}\): {HeldByThisProcess(port, flag)}$", output.Trim());
    }

    [Fact]
    public async Task A_missing_kubeconfig_is_one_line_too()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var (code, output) = await ChildProcess.RunAsync("dotnet", [Sluice, "operator", "--kubeconfig", Path.Combine(_dir, "nope")], _dir, deadline.Token);

        Assert.Equal(ExitCodes.Failure, code);
        Assert.Equal($"sluice operator: kubeconfig file not found at {Path.Combine(_dir, "nope")} (give --kubeconfig PATH, or run inside a cluster)", output.Trim());
    }
}
