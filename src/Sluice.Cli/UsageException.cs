namespace Sluice.Cli;

/// <summary>The command line itself is wrong; the message says which option and what was expected.</summary>
internal sealed class UsageException(string message) : Exception(message);
