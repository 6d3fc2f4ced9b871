using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Sluice.Testing.ApiServer;

namespace Sluice.Cli.Tests;

/// <summary>
/// Open Inference Protocol requests through a model Service's API server proxy, from a few concurrent loops, each a
/// batch of breast-cancer rows (mostly benign, so a model with inverted outputs has a clearly different prediction
/// histogram); counts answers per model version and every failure (a non-200 status or no answer). Traffic can be
/// held and resumed; disposing stops every loop.
/// </summary>
internal sealed class ServiceTraffic : IAsyncDisposable
{
    private readonly CancellationTokenSource stop;
    private readonly List<Task> loops = [];
    private readonly ConcurrentDictionary<string, int> answers = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> failures = new();
    private volatile bool held;

    private readonly Func<string>? service;

    private ServiceTraffic(HttpClient http, string model, float[][] rows, int batch, int concurrency, Func<string>? service, CancellationToken token)
    {
        this.service = service;
        stop = CancellationTokenSource.CreateLinkedTokenSource(token);
        for (var i = 0; i < concurrency; i++)
        {
            var offset = i * 97;
            loops.Add(Task.Run(() => LoopAsync(http, model, rows, batch, offset, stop.Token)));
        }
    }

    /// <summary>Answers per version since the last <see cref="Reset"/>.</summary>
    public IReadOnlyDictionary<string, int> Answers => new Dictionary<string, int>(answers, StringComparer.Ordinal);

    public IReadOnlyCollection<string> Failures => failures.ToArray();

    /// <param name="service">The Service of each request (a gateway's choice); the model's Service when null.</param>
    public static ServiceTraffic Start(HttpClient http, string model, int batch = 25, int concurrency = 3, CancellationToken token = default, Func<string>? service = null)
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryRoot.Path, "tests", "testdata", "datasets", "breast_cancer.csv")).Skip(1)
            .Select(l => l.Split(',')).ToList();
        var benign = lines.Where(l => l[^1] == "1").ToList();
        var malignant = lines.Where(l => l[^1] == "0").ToList();
        // Four benign rows to one malignant: the two classes' outputs sit at opposite ends of the histogram.
        var mixed = benign.Select((row, i) => (row, i)).SelectMany(p => p.i % 4 == 3 ? [p.row, malignant[p.i / 4 % malignant.Count]] : new[] { p.row });
        var rows = mixed.Select(l => l[..^1].Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        return new ServiceTraffic(http, model, rows, batch, concurrency, service, token);
    }

    /// <summary>
    /// Rows as the data set has them, every row in file order (the class mix a model was trained on), from one loop:
    /// traffic whose feature distributions match the data set's, for drift monitoring.
    /// </summary>
    public static ServiceTraffic Uniform(HttpClient http, string model, int batch = 5, TimeSpan? pause = null, CancellationToken token = default)
    {
        var rows = File.ReadAllLines(Path.Combine(RepositoryRoot.Path, "tests", "testdata", "datasets", "breast_cancer.csv")).Skip(1)
            .Select(l => l.Split(',')[..^1].Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        return new ServiceTraffic(http, model, rows, batch, 1, null, token) { pause = pause ?? TimeSpan.FromMilliseconds(20) };
    }

    private TimeSpan pause;

    /// <summary>Changes each row before it is sent (a shift of some features); null sends rows as they are.</summary>
    public Func<int, float, float>? Shift { get; set; }

    public void Hold() => held = true;

    public void Resume() => held = false;

    public void Reset() => answers.Clear();

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await Task.WhenAll(loops);
        }
        catch (OperationCanceledException)
        {
        }

        stop.Dispose();
    }

    private async Task LoopAsync(HttpClient http, string model, float[][] rows, int batch, int offset, CancellationToken token)
    {
        var next = offset;
        while (!token.IsCancellationRequested)
        {
            if (held)
            {
                await Task.Delay(50, token);
                continue;
            }

            var data = new StringBuilder();
            for (var r = 0; r < batch; r++)
            {
                var shift = Shift;
                var row = rows[(next + r) % rows.Length];
                for (var f = 0; f < row.Length; f++)
                {
                    var v = shift is null ? row[f] : shift(f, row[f]);
                    data.Append(data.Length == 0 ? "" : ",").Append(v.ToString("R", CultureInfo.InvariantCulture));
                }
            }

            next += batch;
            if (pause > TimeSpan.Zero)
            {
                await Task.Delay(pause, token);
            }

            var body = $$"""{"inputs":[{"name":"input","shape":[{{batch}},30],"datatype":"FP32","data":[{{data}}]}]}""";
            try
            {
                using var content = new StringContent(body, Encoding.UTF8, "application/json");
                using var response = await http.PostAsync($"/api/v1/namespaces/default/services/{service?.Invoke() ?? model}:http/proxy/v2/models/{model}/infer", content, token);
                var text = await response.Content.ReadAsStringAsync(token);
                if ((int)response.StatusCode != 200)
                {
                    failures.Enqueue($"{(int)response.StatusCode} {text[..Math.Min(200, text.Length)]}");
                    continue;
                }

                using var json = JsonDocument.Parse(text);
                answers.AddOrUpdate(json.RootElement.GetProperty("model_version").GetString() ?? "", 1, (_, n) => n + 1);
            }
            catch (HttpRequestException e)
            {
                failures.Enqueue(e.Message);
            }
            catch (TaskCanceledException) when (!token.IsCancellationRequested)
            {
                failures.Enqueue("no answer within the client timeout");
            }
        }
    }
}
