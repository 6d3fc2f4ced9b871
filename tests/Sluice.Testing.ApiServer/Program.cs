using System.Globalization;
using Sluice.Testing.ApiServer;

// Standalone: dotnet run --project tests/Sluice.Testing.ApiServer -- --port PORT --kubeconfig FILE [--verbose]
var port = 0;
string? kubeconfig = null;
var verbose = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--port" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var p):
            port = p;
            i++;
            break;
        case "--kubeconfig" when i + 1 < args.Length:
            kubeconfig = args[++i];
            break;
        case "--verbose":
            verbose = true;
            break;
        default:
            Console.Error.WriteLine($"unknown or incomplete option '{args[i]}'; usage: --port PORT --kubeconfig FILE [--verbose]");
            return 2;
    }
}
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
await using var server = await TestApiServer.StartAsync(new TestApiServerOptions { Port = port, LogRequests = verbose }, stop.Token);
if (kubeconfig is not null)
{
    server.WriteKubeconfig(kubeconfig);
}
Console.WriteLine(server.Url);
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
    // SIGTERM or Ctrl-C: dispose stops the server cleanly.
}
return 0;
