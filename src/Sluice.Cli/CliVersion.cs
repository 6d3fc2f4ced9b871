using System.Reflection;

namespace Sluice.Cli;

internal static class CliVersion
{
    public static string Value { get; } =
        typeof(CliVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "dev";
}
