using Microsoft.Extensions.Logging;
using Sluice.Runtime.Metrics;
using Sluice.Runtime.Queue;

namespace Sluice.Runtime.Controllers;

/// <summary>
/// A named work queue and its workers: informer handlers enqueue keys, <see cref="RunWorkersAsync"/> hands
/// each key to the reconciler on one worker at a time, backs off on errors, forgets on success and honours
/// requeue-after. Every log line of a pass carries the object key in its scope.
/// </summary>
public sealed partial class Controller : IDisposable
{
    private readonly IReconciler _reconciler;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public Controller(string name, IReconciler reconciler, TimeProvider time, ILogger logger)
    {
        Name = name;
        _reconciler = reconciler;
        _time = time;
        _logger = logger;
        Queue = new RateLimitedWorkQueue<ObjectKey>(
            time, new ExponentialFailureRateLimiter<ObjectKey>(), ControllerMetrics.ForQueue(name));
    }

    public string Name { get; }

    public RateLimitedWorkQueue<ObjectKey> Queue { get; }

    public void Enqueue(ObjectKey key) => Queue.Add(key);

    /// <summary>Runs <paramref name="workers"/> workers until cancelled, then shuts the queue down.</summary>
    public async Task RunWorkersAsync(int workers, CancellationToken cancellationToken)
    {
        using var registration = cancellationToken.Register(Queue.ShutDown);
        var tasks = Enumerable.Range(0, workers).Select(_ => Task.Run(() => WorkAsync(cancellationToken), CancellationToken.None));
        await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    public void Dispose() => Queue.Dispose();

    private async Task WorkAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var (ok, key) = await Queue.GetAsync(CancellationToken.None).ConfigureAwait(false);
            if (!ok)
            {
                return;
            }

            try
            {
                await ProcessAsync(key, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Queue.Done(key);
            }
        }
    }

    private async Task ProcessAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        using var scope = _logger.BeginScope(new Dictionary<string, object?>
        {
            ["controller"] = Name,
            ["namespace"] = key.Namespace,
            ["name"] = key.Name,
        });
        var started = _time.GetTimestamp();
        try
        {
            var result = await _reconciler.ReconcileAsync(key, cancellationToken).ConfigureAwait(false);
            Queue.Forget(key);
            if (result.RequeueAfter is { } delay)
            {
                Queue.AddAfter(key, delay);
                ControllerMetrics.Reconciled(Name, "requeue_after", _time.GetElapsedTime(started));
            }
            else
            {
                ControllerMetrics.Reconciled(Name, "success", _time.GetElapsedTime(started));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: the next leader (or this process after a restart) picks the key up again.
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            ControllerMetrics.Reconciled(Name, "error", _time.GetElapsedTime(started));
            LogFailed(e, key.ToString(), Queue.NumRequeues(key) + 1);
            Queue.AddRateLimited(key);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Reconcile of {Key} failed (attempt {Attempt}); backing off")]
    private partial void LogFailed(Exception error, string key, int attempt);
}
