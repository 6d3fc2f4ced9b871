using System.Globalization;
using Sluice.Testing.ApiServer;

// Standalone: dotnet run --project tests/Sluice.Testing.ApiServer -- --port PORT --kubeconfig FILE [--run-image REPOSITORY=EXECUTABLE]... [--verbose]
const string Usage = "usage: --port PORT --kubeconfig FILE [--run-image REPOSITORY=EXECUTABLE]... [--verbose]";
var port = 0;
string? kubeconfig = null;
var verbose = false;
var runImages = new List<Sluice.Testing.ApiServer.Kubelet.ImageMapping>();
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
        case "--run-image" when i + 1 < args.Length:
            try
            {
                var mapping = Sluice.Testing.ApiServer.Kubelet.ImageMapping.Parse(args[++i]);
                if (!File.Exists(mapping.Executable))
                {
                    Console.Error.WriteLine($"--run-image: executable \"{mapping.Executable}\" does not exist; {Usage}");
                    return 2;
                }
                runImages.Add(mapping with { Executable = Path.GetFullPath(mapping.Executable) });
            }
            catch (FormatException e)
            {
                Console.Error.WriteLine($"{e.Message}; {Usage}");
                return 2;
            }
            break;
        case "--verbose":
            verbose = true;
            break;
        default:
            Console.Error.WriteLine($"unknown or incomplete option '{args[i]}'; {Usage}");
            return 2;
    }
}
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
await using var server = await TestApiServer.StartAsync(new TestApiServerOptions { Port = port, LogRequests = verbose, RunImages = runImages }, stop.Token);
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
