using Sluice.Runtime.Queue;

namespace Sluice.Operator.Tests.Runtime;

public sealed class RateLimitedWorkQueueTests : IDisposable
{
    private readonly ManualTimeProvider _time = new();
    private readonly RateLimitedWorkQueue<string> _queue;
    private readonly CancellationTokenSource _deadline = new(TimeSpan.FromSeconds(10));

    public RateLimitedWorkQueueTests() =>
        _queue = new RateLimitedWorkQueue<string>(_time, new ExponentialFailureRateLimiter<string>());

    public void Dispose()
    {
        _queue.Dispose();
        _deadline.Dispose();
    }

    [Fact]
    public async Task A_key_added_many_times_while_waiting_is_handed_out_once()
    {
        _queue.Add("ns/a");
        _queue.Add("ns/a");
        _queue.Add("ns/b");
        _queue.Add("ns/a");

        Assert.Equal(2, _queue.Count);
        Assert.Equal("ns/a", await Next());
        Assert.Equal("ns/b", await Next());
        Assert.Equal(0, _queue.Count);
    }

    [Fact]
    public async Task A_key_re_added_while_processed_waits_for_done_so_no_two_workers_share_it()
    {
        _queue.Add("ns/a");
        var key = await Next();

        _queue.Add("ns/a");
        Assert.Equal(0, _queue.Count);

        _queue.Done(key);
        Assert.Equal(1, _queue.Count);
        Assert.Equal("ns/a", await Next());
    }

    [Fact]
    public async Task Rate_limited_adds_wait_their_backoff_and_forget_resets_it()
    {
        _queue.AddRateLimited("ns/a");
        Assert.Equal(0, _queue.Count);
        _time.Advance(TimeSpan.FromMilliseconds(4));
        Assert.Equal(0, _queue.Count);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, _queue.Count);
        _queue.Done(await Next());

        _queue.AddRateLimited("ns/a");
        _time.Advance(TimeSpan.FromMilliseconds(9));
        Assert.Equal(0, _queue.Count);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, _queue.Count);
        _queue.Done(await Next());

        _queue.Forget("ns/a");
        Assert.Equal(0, _queue.NumRequeues("ns/a"));
        _queue.AddRateLimited("ns/a");
        _time.Advance(TimeSpan.FromMilliseconds(5));
        Assert.Equal(1, _queue.Count);
    }

    [Fact]
    public void Add_after_keeps_the_earliest_due_time_of_a_key()
    {
        _queue.AddAfter("ns/a", TimeSpan.FromSeconds(30));
        _queue.AddAfter("ns/a", TimeSpan.FromSeconds(10));
        _queue.AddAfter("ns/a", TimeSpan.FromSeconds(20));

        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(0, _queue.Count);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, _queue.Count);
        _time.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(1, _queue.Count);
    }

    [Fact]
    public async Task Shut_down_releases_waiting_workers_and_drops_delayed_keys()
    {
        _queue.AddAfter("ns/a", TimeSpan.FromSeconds(1));
        var waiting = _queue.GetAsync(_deadline.Token);

        _queue.ShutDown();

        var (ok, _) = await waiting;
        Assert.False(ok);
        _time.Advance(TimeSpan.FromSeconds(5));
        _queue.Add("ns/b");
        Assert.Equal(0, _queue.Count);
    }

    [Fact]
    public async Task Concurrent_workers_never_hold_the_same_key()
    {
        var held = new HashSet<string>();
        var overlap = false;
        var handled = 0;
        var gate = new Lock();
        for (var i = 0; i < 200; i++)
        {
            _queue.Add($"ns/{i % 5}");
        }

        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                var (ok, key) = await _queue.GetAsync(_deadline.Token);
                if (!ok)
                {
                    return;
                }

                lock (gate)
                {
                    overlap |= !held.Add(key);
                }

                _queue.Add(key);
                await Task.Yield();
                lock (gate)
                {
                    held.Remove(key);
                    if (++handled >= 100)
                    {
                        _queue.ShutDown();
                    }
                }

                _queue.Done(key);
            }
        })).ToArray();

        await Task.WhenAll(workers).WaitAsync(_deadline.Token);
        Assert.False(overlap);
        Assert.True(handled >= 100);
    }

    private async Task<string> Next()
    {
        var (ok, key) = await _queue.GetAsync(_deadline.Token);
        Assert.True(ok);
        return key;
    }
}
