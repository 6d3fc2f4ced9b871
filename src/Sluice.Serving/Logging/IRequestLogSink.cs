namespace Sluice.Serving.Logging;

/// <summary>Where request-log files go: a key relative to the store prefix and the whole file's bytes.</summary>
public interface IRequestLogSink
{
    Task WriteAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);
}
