namespace Sluice.Serving.Logging;

/// <summary>Writes request-log files under a local directory, publishing each atomically by rename.</summary>
public sealed class DirectoryRequestLogSink(string root) : IRequestLogSink
{
    public async Task WriteAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var path = Path.Combine(root, key.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + ".tmp-" + Guid.NewGuid().ToString("N");
        await File.WriteAllBytesAsync(temp, content.ToArray(), cancellationToken).ConfigureAwait(false);
        File.Move(temp, path, overwrite: true);
    }
}
