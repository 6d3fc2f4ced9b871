using System.Globalization;

namespace Sluice.Testing.ApiServer.Kubelet;

/// <summary>One line of a CRI log file.</summary>
internal sealed record ContainerLogEntry(DateTimeOffset Time, string RawTime, string Stream, string Text)
{
    public static ContainerLogEntry? Parse(string line)
    {
        var parts = line.Split(' ', 4);
        if (parts.Length < 4 || !DateTimeOffset.TryParse(parts[0], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return null;
        }

        return new ContainerLogEntry(at, parts[0], parts[1], parts[3]);
    }
}
