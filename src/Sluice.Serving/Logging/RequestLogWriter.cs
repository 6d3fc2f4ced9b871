using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Sluice.Serving.Hosting;

namespace Sluice.Serving.Logging;

/// <summary>
/// Samples requests into a bounded in-memory buffer and writes them in batches, one JSONL file per model,
/// version and hour. A slow or failing store makes rows drop (counted), never requests wait.
/// </summary>
internal sealed class RequestLogWriter : IAsyncDisposable
{
    private readonly RequestLogSettings _settings;
    private readonly ServingMetrics _metrics;
    private readonly ILogger _logger;
    private readonly Channel<RequestLogEntry> _queue = Channel.CreateUnbounded<RequestLogEntry>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;
    private int _bufferedRows;

    public RequestLogWriter(RequestLogSettings settings, ServingMetrics metrics, ILogger logger)
    {
        _settings = settings;
        _metrics = metrics;
        _logger = logger;
        _loop = Task.Run(LoopAsync);
    }

    public bool ShouldSample() => _settings.SampleRate >= 1 || (_settings.SampleRate > 0 && Random.Shared.NextDouble() < _settings.SampleRate);

    public void Offer(RequestLogEntry entry)
    {
        var rows = entry.Rows;
        if (Interlocked.Add(ref _bufferedRows, rows) > _settings.BufferRows || !_queue.Writer.TryWrite(entry))
        {
            Interlocked.Add(ref _bufferedRows, -rows);
            _metrics.LogDropped.Inc(rows);
            return;
        }

        _metrics.LogSampled.Inc(rows);
    }

    private async Task LoopAsync()
    {
        var pending = new List<RequestLogRow>();
        var reader = _queue.Reader;
        long oldestPending = 0;
        var open = true;
        while (open || pending.Count > 0 || reader.TryPeek(out _))
        {
            // The interval counts from the oldest waiting row, so a steady trickle of requests cannot postpone a file forever.
            var remaining = pending.Count == 0 ? _settings.FlushInterval : _settings.FlushInterval - Stopwatch.GetElapsedTime(oldestPending);
            if (open && remaining > TimeSpan.Zero)
            {
                using var wait = new CancellationTokenSource(remaining);
                try
                {
                    open = await reader.WaitToReadAsync(wait.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // The interval passed: write what is waiting.
                }
            }

            while (pending.Count < _settings.BatchRows && reader.TryRead(out var entry))
            {
                Interlocked.Add(ref _bufferedRows, -entry.Rows);
                if (pending.Count == 0)
                {
                    oldestPending = Stopwatch.GetTimestamp();
                }

                foreach (var line in RequestLogSerializer.Lines(entry, _settings.Redact))
                {
                    pending.Add(new RequestLogRow(entry.Model.Name, entry.Model.Version, entry.Timestamp, line));
                }
            }

            if (pending.Count > 0 && (pending.Count >= _settings.BatchRows || !open || Stopwatch.GetElapsedTime(oldestPending) >= _settings.FlushInterval))
            {
                await FlushAsync(pending).ConfigureAwait(false);
                pending.Clear();
            }
        }
    }

    private async Task FlushAsync(List<RequestLogRow> rows)
    {
        foreach (var group in rows.GroupBy(r => (r.Model, r.Version, Hour: r.Timestamp.UtcDateTime.ToString("yyyy/MM/dd/HH", CultureInfo.InvariantCulture))))
        {
            var now = rows[0].Timestamp.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture);
            var key = $"serving-logs/{_settings.Namespace}/{group.Key.Model}/{group.Key.Version}/{group.Key.Hour}/{now}-{Guid.NewGuid().ToString("N")[..8]}.jsonl";
            var content = new byte[group.Sum(r => r.Line.Length)];
            var at = 0;
            foreach (var r in group)
            {
                r.Line.CopyTo(content, at);
                at += r.Line.Length;
            }

            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await _settings.Sink.WriteAsync(key, content, timeout.Token).ConfigureAwait(false);
                _metrics.LogWritten.Inc(group.Count());
            }
            catch (Exception ex)
            {
                _metrics.LogDropped.Inc(group.Count());
                _logger.LogWarning("Request log: writing {Rows} rows to {Key} failed ({Reason}); they are dropped", group.Count(), key, ex.Message);
            }
        }
    }

    /// <summary>Flushes everything buffered; called on shutdown.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }
}
