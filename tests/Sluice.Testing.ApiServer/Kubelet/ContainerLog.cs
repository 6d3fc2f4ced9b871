using System.Globalization;
using System.Text;

namespace Sluice.Testing.ApiServer.Kubelet;

/// <summary>
/// One container instance's log file in the CRI format the kubelet reads (<c>TIMESTAMP STREAM F LINE</c>), so
/// <c>kubectl logs</c> can give timestamps, <c>--since</c> and a clean line per write.
/// </summary>
internal sealed class ContainerLog(string path, TimeProvider time)
{
    private readonly Lock gate = new();

    public string Path => path;

    public void Append(string stream, string line)
    {
        var stamp = time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
        lock (gate)
        {
            File.AppendAllText(path, $"{stamp} {stream} F {line}\n", Encoding.UTF8);
        }
    }

    /// <summary>The entries of a log file, oldest first; a missing file has none.</summary>
    public static IEnumerable<ContainerLogEntry> Read(string path)
    {
        if (!File.Exists(path))
        {
            yield break;
        }

        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
        while (reader.ReadLine() is { } line)
        {
            if (ContainerLogEntry.Parse(line) is { } entry)
            {
                yield return entry;
            }
        }
    }
}
