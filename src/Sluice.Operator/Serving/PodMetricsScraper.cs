using System.Globalization;
using k8s.Models;
using Sluice.Core.Analysis;

namespace Sluice.Operator.Serving;

/// <summary>
/// Reads the <c>/metrics</c> page of serving pods directly (no Prometheus in between), all pods of a step at once,
/// each with a deadline, into <see cref="PodScrape"/>s for <see cref="CounterDeltas"/>. A pod that does not answer, or
/// answers what is not the text format, is a named failure rather than an exception, so one bad pod never hides the
/// others' figures.
/// </summary>
internal sealed class PodMetricsScraper(HttpClient http, TimeProvider time)
{
    public async Task<ScrapeRound> ScrapeAsync(IEnumerable<V1Pod> pods, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pods);
        var results = await Task.WhenAll(pods.Where(p => !string.IsNullOrEmpty(p.Status?.PodIP))
            .Select(p => ScrapeOneAsync(p, port, timeout, cancellationToken))).ConfigureAwait(false);
        return new ScrapeRound(
            time.GetUtcNow(),
            [.. results.Where(r => r.Scrape is not null).Select(r => r.Scrape!)],
            [.. results.Where(r => r.Failure is not null).Select(r => r.Failure!)]);
    }

    private async Task<(PodScrape? Scrape, string? Failure)> ScrapeOneAsync(V1Pod pod, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var url = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://{pod.Status.PodIP}:{port}/metrics"));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using var response = await http.GetAsync(url, deadline.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return (null, $"pod {pod.Metadata.Name}: {url} answered {(int)response.StatusCode}");
            }

            var metrics = PrometheusText.Parse(await response.Content.ReadAsStringAsync(deadline.Token).ConfigureAwait(false));
            var start = metrics.Samples.FirstOrDefault(s => s.Name == "process_start_time_seconds")?.Value;
            return (new PodScrape(pod.Metadata.Uid, time.GetUtcNow(), start, metrics), null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"pod {pod.Metadata.Name}: {url} did not answer within {timeout.TotalSeconds:0.#}s");
        }
        catch (HttpRequestException e)
        {
            return (null, $"pod {pod.Metadata.Name}: {url}: {e.Message}");
        }
        catch (FormatException e)
        {
            return (null, $"pod {pod.Metadata.Name}: {url}: {e.Message}");
        }
    }
}
