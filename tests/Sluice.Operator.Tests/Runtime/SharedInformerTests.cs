using System.Runtime.CompilerServices;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Sluice.Runtime;
using Sluice.Runtime.Informers;

namespace Sluice.Operator.Tests.Runtime;

public sealed class SharedInformerTests
{
    [Fact]
    public async Task A_relist_after_410_reports_objects_deleted_while_no_watch_was_open()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var source = new ScriptedSource(
            lists: [[Job("a", "1"), Job("b", "2")], [Job("a", "3")]],
            watches: [ThrowGone]);
        var informer = new SharedInformer<V1Job>(source, TimeProvider.System, NullLogger.Instance);
        var deleted = new List<string>();
        var relisted = new TaskCompletionSource();
        informer.AddHandler((old, current) =>
        {
            if (current is null)
            {
                deleted.Add(old!.Metadata.Name);
            }

            if (current?.Metadata.ResourceVersion == "3")
            {
                relisted.TrySetResult();
            }
        });

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
        var run = informer.RunAsync(stop.Token);
        await relisted.Task.WaitAsync(deadline.Token);
        await stop.CancelAsync();
        await run;

        Assert.Equal(["b"], deleted);
        Assert.NotNull(informer.Cache.Get(new ObjectKey("ns", "a")));
        Assert.Null(informer.Cache.Get(new ObjectKey("ns", "b")));
        Assert.True(informer.HasSynced);
    }

    [Fact]
    public async Task A_watch_silent_past_its_timeout_and_grace_is_dropped_and_reopened()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var time = new ManualTimeProvider();
        var source = new ScriptedSource([[Job("a", "1")]], []);
        var informer = new SharedInformer<V1Job>(source, time, NullLogger.Instance, new InformerOptions
        {
            MinWatchTimeout = TimeSpan.FromSeconds(10),
            IdleGrace = TimeSpan.FromSeconds(5),
        });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
        var running = informer.RunAsync(stop.Token);
        while (source.WatchesOpened < 1)
        {
            await Task.Delay(10, deadline.Token);
        }

        // At most 2 x 10 s of timeout plus 5 s of grace: the half-open connection is given up on the clock.
        time.Advance(TimeSpan.FromSeconds(26));
        while (source.WatchesOpened < 2)
        {
            await Task.Delay(10, deadline.Token);
        }

        await stop.CancelAsync();
        await running.WaitAsync(deadline.Token);
        Assert.True(informer.HasSynced);
    }

    [Fact]
    public void The_cache_indexes_children_by_their_controller_owner_uid()
    {
        var cache = new ObjectCache<V1Job>();
        var child = Job("run-train-1", "1");
        child.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = "sluice.dev/v1alpha1", Kind = "PipelineRun", Name = "run", Uid = "uid-1", Controller = true }];
        var unrelated = Job("other", "1");
        unrelated.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "Thing", Name = "t", Uid = "uid-1", Controller = false }];

        cache.Upsert(child);
        cache.Upsert(unrelated);

        Assert.Equal(["run-train-1"], cache.ListByControllerUid("uid-1").Select(j => j.Metadata.Name));
        cache.Remove(ObjectKey.Of(child));
        Assert.Empty(cache.ListByControllerUid("uid-1"));
    }

    private static V1Job Job(string name, string resourceVersion) =>
        new() { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "ns", ResourceVersion = resourceVersion } };

    private static async IAsyncEnumerable<(WatchEventType, V1Job)> ThrowGone(
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        throw new ResourceVersionExpiredException("too old resource version");
#pragma warning disable CS0162 // an iterator needs a yield to be one
        yield break;
#pragma warning restore CS0162
    }

    /// <summary>Serves the given lists in order (the last one repeats) and the given watches, then idles.</summary>
    private sealed class ScriptedSource(
        List<List<V1Job>> lists,
        List<Func<CancellationToken, IAsyncEnumerable<(WatchEventType, V1Job)>>> watches) : IListWatcher<V1Job>
    {
        private int _list;
        private int _watch;
        private int _opened;

        public int WatchesOpened => Volatile.Read(ref _opened);

        public Task<ListPage<V1Job>> ListAsync(string? continueToken, int limit, CancellationToken cancellationToken)
        {
            var items = lists[Math.Min(_list++, lists.Count - 1)];
            return Task.FromResult(new ListPage<V1Job>(items, null, items.Max(i => i.Metadata.ResourceVersion)!));
        }

        public IAsyncEnumerable<(WatchEventType Type, V1Job Object)> WatchAsync(
            string resourceVersion, int timeoutSeconds, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _opened);
            return _watch < watches.Count ? watches[_watch++](cancellationToken) : Idle(cancellationToken);
        }

        private static async IAsyncEnumerable<(WatchEventType, V1Job)> Idle(
            [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            yield break;
        }
    }
}
