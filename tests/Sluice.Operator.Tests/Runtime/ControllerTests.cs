using Microsoft.Extensions.Logging.Abstractions;
using Sluice.Runtime;
using Sluice.Runtime.Controllers;

namespace Sluice.Operator.Tests.Runtime;

public sealed class ControllerTests
{
    [Fact]
    public async Task A_failing_key_is_retried_with_backoff_and_forgotten_once_it_succeeds()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var reconciler = new FlakyReconciler(failuresBeforeSuccess: 3);
        using var controller = new Controller("test", reconciler, TimeProvider.System, NullLogger.Instance);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
        var workers = controller.RunWorkersAsync(2, stop.Token);
        var key = new ObjectKey("ns", "run-1");

        controller.Enqueue(key);
        await reconciler.Succeeded.Task.WaitAsync(deadline.Token);
        await stop.CancelAsync();
        await workers.WaitAsync(deadline.Token);

        Assert.Equal(4, reconciler.Calls);
        Assert.Equal(0, controller.Queue.NumRequeues(key));
    }

    [Fact]
    public async Task Requeue_after_brings_the_key_back()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var reconciler = new RequeueingReconciler();
        using var controller = new Controller("requeue", reconciler, TimeProvider.System, NullLogger.Instance);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
        var workers = controller.RunWorkersAsync(1, stop.Token);

        controller.Enqueue(new ObjectKey("ns", "p"));
        await reconciler.ThirdPass.Task.WaitAsync(deadline.Token);
        await stop.CancelAsync();
        await workers.WaitAsync(deadline.Token);
    }

    private sealed class FlakyReconciler(int failuresBeforeSuccess) : IReconciler
    {
        private int _calls;

        public int Calls => _calls;

        public TaskCompletionSource Succeeded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _calls) <= failuresBeforeSuccess)
            {
                throw new InvalidOperationException("API said 500");
            }

            Succeeded.TrySetResult();
            return Task.FromResult(ReconcileResult.Done);
        }
    }

    private sealed class RequeueingReconciler : IReconciler
    {
        private int _calls;

        public TaskCompletionSource ThirdPass { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _calls) >= 3)
            {
                ThirdPass.TrySetResult();
            }

            return Task.FromResult(ReconcileResult.After(TimeSpan.FromMilliseconds(20)));
        }
    }
}
