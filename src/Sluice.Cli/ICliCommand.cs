namespace Sluice.Cli;

/// <summary>
/// One `sluice` sub-command. Implementations are discovered by reflection, so adding a command is adding one
/// file under Commands/ and never touching a shared list.
/// </summary>
internal interface ICliCommand
{
    /// <summary>The word users type after <c>sluice</c>.</summary>
    string Name { get; }

    /// <summary>One line for <c>sluice --help</c>.</summary>
    string Summary { get; }

    /// <summary>Full usage text, printed for <c>sluice NAME --help</c> and after a usage error.</summary>
    string Usage { get; }

    Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, CancellationToken cancellationToken);
}
