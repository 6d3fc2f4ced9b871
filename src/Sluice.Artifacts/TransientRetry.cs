using Minio.Exceptions;

namespace Sluice.Artifacts;

/// <summary>Retries an operation on transient failures (connection errors, 5xx) with exponential backoff and jitter.</summary>
internal sealed record TransientRetry(int MaxAttempts, TimeSpan FirstDelay, TimeProvider Time)
{
    public static TransientRetry Default { get; } = new(5, TimeSpan.FromMilliseconds(200), TimeProvider.System);

    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await operation(cancellationToken);
            }
            catch (Exception e) when (attempt < MaxAttempts && IsTransient(e, cancellationToken))
            {
                var delay = FirstDelay * Math.Pow(2, attempt - 1) * (0.75 + (Random.Shared.NextDouble() / 2));
                await Task.Delay(delay, Time, cancellationToken);
            }
        }
    }

    public async Task RunAsync(Func<CancellationToken, Task> operation, CancellationToken cancellationToken) =>
        await RunAsync<bool>(async ct => { await operation(ct); return true; }, cancellationToken);

    internal static bool IsTransient(Exception e, CancellationToken cancellationToken) => e switch
    {
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        ConnectionException or InternalServerException or HttpRequestException => true,
        IOException and not FileNotFoundException and not DirectoryNotFoundException => true,
        UnexpectedMinioException u => u.Message.Contains("Service Unavailable", StringComparison.OrdinalIgnoreCase)
            || u.Message.Contains("SlowDown", StringComparison.OrdinalIgnoreCase),
        _ => e.InnerException is not null && IsTransient(e.InnerException, cancellationToken),
    };
}
