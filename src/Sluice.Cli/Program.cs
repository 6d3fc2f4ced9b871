using Sluice.Cli;

var commands = CommandDispatcher.DiscoverCommands();

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl-C cancels cleanly; a second one is left to the runtime and kills the process.
    if (!cancellation.IsCancellationRequested)
    {
        e.Cancel = true;
        cancellation.Cancel();
    }
};
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(
    System.Runtime.InteropServices.PosixSignal.SIGTERM,
    ctx =>
    {
        ctx.Cancel = true;
        cancellation.Cancel();
    });

var errors = new TerminationMessage(Console.Error);
var exitCode = await CommandDispatcher.RunAsync(commands, args, CommandContext.FromConsole() with { Error = errors }, cancellation.Token);
errors.WriteIfFailed(exitCode);
return exitCode;
