namespace Sluice.Cli;

internal static class CommandDispatcher
{
    /// <summary>Every <see cref="ICliCommand"/> of this assembly, by name.</summary>
    public static IReadOnlyDictionary<string, ICliCommand> DiscoverCommands() =>
        typeof(ICliCommand).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(ICliCommand).IsAssignableFrom(t))
            .Select(t => (ICliCommand)Activator.CreateInstance(t)!)
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToDictionary(c => c.Name, StringComparer.Ordinal);

    public static async Task<int> RunAsync(
        IReadOnlyDictionary<string, ICliCommand> commands,
        IReadOnlyList<string> args,
        CommandContext context,
        CancellationToken cancellationToken)
    {
        if (args.Count == 0 || args[0] is "-h" or "--help" or "help")
        {
            await PrintHelpAsync(commands, context.Out);
            return args.Count == 0 ? ExitCodes.Usage : ExitCodes.Success;
        }

        if (args[0] is "--version" or "version")
        {
            await context.Out.WriteLineAsync($"sluice {CliVersion.Value}");
            return ExitCodes.Success;
        }

        if (!commands.TryGetValue(args[0], out var command))
        {
            await context.Error.WriteLineAsync($"sluice: unknown command \"{args[0]}\"; commands are: {string.Join(", ", commands.Keys)}");
            return ExitCodes.Usage;
        }

        var rest = args.Skip(1).ToList();
        if (rest.TakeWhile(a => a != "--").Any(a => a is "-h" or "--help"))
        {
            await context.Out.WriteLineAsync(command.Usage);
            return ExitCodes.Success;
        }

        try
        {
            return await command.RunAsync(rest, context, cancellationToken);
        }
        catch (UsageException e)
        {
            await WriteUsageErrorAsync(command, e.Message, context.Error);
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await context.Error.WriteLineAsync($"sluice {command.Name}: cancelled");
            return ExitCodes.Cancelled;
        }
    }

    /// <summary>
    /// The one form of every command-line error: what is wrong, the command's synopsis (its usage up to the first
    /// blank line) and where the full help is, so the error stays on screen above a short reminder.
    /// </summary>
    internal static async Task WriteUsageErrorAsync(ICliCommand command, string message, TextWriter error)
    {
        await error.WriteLineAsync($"sluice {command.Name}: {message}");
        foreach (var line in Synopsis(command.Usage))
        {
            await error.WriteLineAsync(line);
        }

        await error.WriteLineAsync($"Run \"sluice {command.Name} --help\" for every option.");
    }

    internal static IEnumerable<string> Synopsis(string usage) =>
        usage.ReplaceLineEndings("\n").Split('\n').TakeWhile(l => l.Trim().Length > 0);

    private static async Task PrintHelpAsync(IReadOnlyDictionary<string, ICliCommand> commands, TextWriter output)
    {
        await output.WriteLineAsync("sluice: run the whole life of an ML model on Kubernetes, or on this machine.");
        await output.WriteLineAsync();
        await output.WriteLineAsync("Usage: sluice COMMAND [options]   (sluice COMMAND --help for its options)");
        await output.WriteLineAsync();
        foreach (var command in commands.Values)
        {
            await output.WriteLineAsync($"  {command.Name,-10} {command.Summary}");
        }
    }
}
