using System.Threading.Channels;
using Sluice.Testing.ApiServer.Resources;

namespace Sluice.Testing.ApiServer.Store;

/// <summary>A live subscription: events for one resource (optionally one namespace) pushed by the store.</summary>
internal sealed class Watcher(ResourceType resource, string? ns) : IDisposable
{
    private readonly Channel<WatchEvent> channel = Channel.CreateUnbounded<WatchEvent>();
    private readonly CancellationTokenSource closed = new();

    public ResourceType Resource { get; } = resource;
    public string? Namespace { get; } = ns;
    public ChannelReader<WatchEvent> Events => channel.Reader;

    /// <summary>Cancelled when the server drops the stream (fault injection, restart, shutdown).</summary>
    public CancellationToken Closed => closed.Token;

    public Action<Watcher>? OnDispose { get; set; }

    public bool Matches(WatchEvent e) =>
        e.Resource.StorageKey == Resource.StorageKey && (Namespace is null || Namespace == e.Namespace);

    public void Push(WatchEvent e) => channel.Writer.TryWrite(e);

    public void Close()
    {
        channel.Writer.TryComplete();
        try { closed.Cancel(); } catch (ObjectDisposedException) { }
    }

    public void Dispose()
    {
        OnDispose?.Invoke(this);
        channel.Writer.TryComplete();
        closed.Dispose();
    }
}
