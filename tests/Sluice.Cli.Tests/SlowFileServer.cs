using System.Net;

namespace Sluice.Cli.Tests;

/// <summary>
/// Serves one file over HTTP on a loopback port, each answer held back for a while: a data set that takes time to
/// download, so a run that reads it stays active long enough to be seen. Disposing stops it.
/// </summary>
internal sealed class SlowFileServer : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;

    private SlowFileServer(string path, TimeSpan delay)
    {
        var port = Sluice.Testing.ApiServer.LoopbackPorts.Free();
        Url = $"http://127.0.0.1:{port}/{Path.GetFileName(path)}";
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        loop = Task.Run(() => ServeAsync(path, delay));
    }

    public string Url { get; }

    public static SlowFileServer Start(string path, TimeSpan delay) => new(path, delay);

    private async Task ServeAsync(string path, TimeSpan delay)
    {
        while (!stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                try
                {
                    await Task.Delay(delay, stop.Token);
                    var bytes = await File.ReadAllBytesAsync(path, stop.Token);
                    context.Response.ContentType = "text/csv";
                    context.Response.ContentLength64 = bytes.Length;
                    await context.Response.OutputStream.WriteAsync(bytes, stop.Token);
                    context.Response.Close();
                }
                catch (Exception e) when (e is OperationCanceledException or HttpListenerException or ObjectDisposedException)
                {
                    context.Response.Abort();
                }
            });
        }
    }

    public void Dispose()
    {
        stop.Cancel();
        listener.Close();
        try
        {
            loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // Stopped while waiting for a request.
        }

        stop.Dispose();
    }
}
