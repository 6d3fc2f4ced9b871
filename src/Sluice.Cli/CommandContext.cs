namespace Sluice.Cli;

/// <summary>What a command may touch besides its arguments; tests pass their own writers and clock.</summary>
internal sealed record CommandContext(TextWriter Out, TextWriter Error, TimeProvider Time, string WorkingDirectory)
{
    public static CommandContext FromConsole() =>
        new(Console.Out, Console.Error, TimeProvider.System, Environment.CurrentDirectory);
}
