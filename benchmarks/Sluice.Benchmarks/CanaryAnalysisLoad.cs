using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using k8s.Models;
using Sluice.Core.Analysis;
using Sluice.Core.Api;
using Sluice.Core.Rollout;
using Sluice.Operator.Serving;
using Sluice.Runtime;

namespace Sluice.Benchmarks;

/// <summary>
/// The operator's cost of canary analysis per interval, as <see cref="CanaryAnalyzer"/> and <see cref="ServingPlan"/>
/// spend it: N rollouts of 2+2 pods each, every pod's /metrics read over HTTP, parsed, turned into interval deltas and
/// a check, then the plan decided. The pods are four real <c>sluice serve</c> processes (two serving
/// breast_cancer_mlp_v2 as the canary, two v1 as Stable) on loopback addresses of their own, each standing for every
/// rollout's pod of its kind, and get predictions all along from a process of their own, so the counters move and
/// every check judges real deltas. CPU time is this process's (user + system), so the servers', the traffic's and
/// other load on the machine do not count; allocations are this process's too.
/// </summary>
internal static class CanaryAnalysisLoad
{
    private static readonly string[] CanaryAddresses = ["127.0.0.2", "127.0.0.3"];
    private static readonly string[] StableAddresses = ["127.0.0.4", "127.0.0.5"];

    public static async Task<string> RunAsync(string sluice, int rollouts, int intervals, CancellationToken cancellationToken)
    {
        var root = RepositoryRoot();
        var port = FreePort();
        var servers = new List<Process>();
        try
        {
            foreach (var (address, model) in CanaryAddresses.Select(a => (a, "v2")).Concat(StableAddresses.Select(a => (a, "v1"))))
            {
                servers.Add(Serve(sluice, Path.Combine(root, "tests", "testdata", "models", $"breast_cancer_mlp_{model}.onnx"), model, address, port));
            }

            using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.FromMinutes(2) }) { Timeout = TimeSpan.FromSeconds(10) };
            foreach (var address in CanaryAddresses.Concat(StableAddresses))
            {
                await WaitReadyAsync(http, address, port, cancellationToken);
            }

            // Predictions come from a process of their own, so this one's CPU time is the analysis alone.
            servers.Add(Traffic(port));
            var time = new SteppedTime(DateTimeOffset.UtcNow);
            var analyzer = new CanaryAnalyzer(new PodMetricsScraper(http, time), time);
            var analysis = new CanaryAnalysis { Interval = "1m", MinRequests = 20 };
            var models = Enumerable.Range(0, rollouts).Select(i => Rollout(i, port)).ToList();
            var verdicts = new Dictionary<CheckVerdict, int>();

            async Task<TimeSpan> IntervalAsync()
            {
                time.Advance(TimeSpan.FromMinutes(1));
                var clock = Stopwatch.StartNew();
                await Task.WhenAll(models.Select(async m =>
                {
                    var (check, _) = await analyzer.CheckAsync(m.Key, m.Canary, m.Stable, analysis, cancellationToken).ConfigureAwait(false);
                    var plans = ServingPlan.Decide(m.Versions, time.GetUtcNow(), check);
                    if (check is not null && plans.Count == 2)
                    {
                        lock (verdicts)
                        {
                            verdicts[check.Verdict] = verdicts.GetValueOrDefault(check.Verdict) + 1;
                        }
                    }
                }));
                return clock.Elapsed;
            }

            // Baseline round, then warm-up until the JIT has finished tiering up (it recompiles hot methods in the
            // background for seconds, on this process's CPU): none of it is measured.
            for (var i = 0; i < 20; i++)
            {
                await IntervalAsync();
                await Task.Delay(100, cancellationToken);
            }

            verdicts.Clear();
            var process = Process.GetCurrentProcess();
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var walls = new List<TimeSpan>();
            for (var i = 0; i < intervals; i++)
            {
                walls.Add(await IntervalAsync());
                // Traffic moves the counters between intervals, as an interval of real time would.
                await Task.Delay(100, cancellationToken);
            }

            process.Refresh();
            var cpu = process.TotalProcessorTime - cpuBefore;
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

            // Parsing alone: one pod's page, as many times as pods were read.
            var page = await http.GetStringAsync(new Uri($"http://{CanaryAddresses[0]}:{port}/metrics"), cancellationToken);
            var scraped = rollouts * 4 * intervals;
            process.Refresh();
            var parseBefore = process.TotalProcessorTime;
            var parseAllocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            for (var i = 0; i < scraped; i++)
            {
                PrometheusText.Parse(page);
            }

            process.Refresh();
            var parse = process.TotalProcessorTime - parseBefore;
            var parseAllocated = GC.GetTotalAllocatedBytes(precise: true) - parseAllocatedBefore;

            // Reading the pages alone (HTTP, 200 at a time as an interval does), without parsing them.
            async Task FetchAllAsync()
            {
                for (var i = 0; i < intervals; i++)
                {
                    await Task.WhenAll(Enumerable.Range(0, rollouts * 4).Select(n => http.GetStringAsync(
                        new Uri($"http://{(n % 4 < 2 ? CanaryAddresses[n % 2] : StableAddresses[n % 2])}:{port}/metrics"), cancellationToken)));
                }
            }

            var (fetch, fetchAllocated) = Measure(() => FetchAllAsync().GetAwaiter().GetResult());

            // Deltas, the check and the plan alone, on two parsed rounds of real pages with traffic between them.
            var first = await RoundAsync(http, port, cancellationToken);
            await Task.Delay(500, cancellationToken);
            var second = await RoundAsync(http, port, cancellationToken);
            var judged = rollouts * intervals;
            await Task.Delay(500, cancellationToken);
            var (decide, decideAllocated) = Measure(() =>
            {
                for (var i = 0; i < judged; i++)
                {
                    var canary = CounterDeltas.Between(first.Canary, second.Canary, first.At);
                    var stable = CounterDeltas.Between(first.Stable, second.Stable, first.At);
                    var check = CanaryCheck.Judge(CanaryCheck.Measure(canary, stable), AnalysisRecords.Limits(analysis), TimeSpan.FromMinutes(1));
                    ServingPlan.Decide(models[i % models.Count].Versions, time.GetUtcNow(), check);
                }
            });

            var perPod = cpu.TotalMilliseconds / scraped;
            var text = new StringBuilder();
            var checks = string.Join(", ", verdicts.OrderBy(v => v.Key).Select(v => $"{v.Value} {v.Key}"));
            text.AppendLine(CultureInfo.InvariantCulture, $"{rollouts} rollouts x 4 pods, {intervals} intervals ({scraped} pods read; /metrics page {page.Length:N0} bytes); checks: {checks}");
            text.AppendLine();
            text.AppendLine("| per pod read | CPU | allocated |");
            text.AppendLine("|---|---:|---:|");
            text.AppendLine(CultureInfo.InvariantCulture, $"| scrape + parse + deltas + check + plan | **{perPod:0.000} ms** | {allocated / 1024.0 / scraped:0.0} KB |");
            text.AppendLine(CultureInfo.InvariantCulture, $"| of which reading the page over HTTP | {fetch.TotalMilliseconds / scraped:0.000} ms | {fetchAllocated / 1024.0 / scraped:0.0} KB |");
            text.AppendLine(CultureInfo.InvariantCulture, $"| of which parsing the page | {parse.TotalMilliseconds / scraped:0.000} ms | {parseAllocated / 1024.0 / scraped:0.0} KB |");
            text.AppendLine(CultureInfo.InvariantCulture, $"| of which deltas, check and plan (a quarter of a rollout's) | {decide.TotalMilliseconds / judged / 4:0.000} ms | {decideAllocated / 1024.0 / judged / 4:0.0} KB |");
            text.AppendLine();
            var wall = walls.Order().ElementAt(walls.Count / 2).TotalMilliseconds;
            text.AppendLine(CultureInfo.InvariantCulture, $"Per interval of all {rollouts} rollouts: {cpu.TotalMilliseconds / intervals:0} ms CPU, wall median {wall:0} ms (all pods read at once).");
            return text.ToString();
        }
        finally
        {
            foreach (var server in Enumerable.Reverse(servers))
            {
                server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync(CancellationToken.None);
                server.Dispose();
            }
        }
    }

    /// <summary>This process's CPU time and allocations over <paramref name="work"/>.</summary>
    private static (TimeSpan Cpu, long Allocated) Measure(Action work)
    {
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var (cpu, allocated) = (process.TotalProcessorTime, GC.GetTotalAllocatedBytes(precise: true));
        work();
        process.Refresh();
        return (process.TotalProcessorTime - cpu, GC.GetTotalAllocatedBytes(precise: true) - allocated);
    }

    /// <summary>One parsed page of each of the four servers, as an interval's canary and stable rounds.</summary>
    private static async Task<(DateTimeOffset At, List<PodScrape> Canary, List<PodScrape> Stable)> RoundAsync(HttpClient http, int port, CancellationToken cancellationToken)
    {
        async Task<PodScrape> ScrapeAsync(string address)
        {
            var metrics = PrometheusText.Parse(await http.GetStringAsync(new Uri($"http://{address}:{port}/metrics"), cancellationToken));
            return new PodScrape(address, DateTimeOffset.UtcNow, metrics.Samples.FirstOrDefault(x => x.Name == "process_start_time_seconds")?.Value, metrics);
        }

        var at = DateTimeOffset.UtcNow;
        return (at, [.. await Task.WhenAll(CanaryAddresses.Select(ScrapeAsync))], [.. await Task.WhenAll(StableAddresses.Select(ScrapeAsync))]);
    }

    private sealed record Model(ObjectKey Key, ArmPods Canary, ArmPods Stable, IReadOnlyList<ServedVersion> Versions);

    private static Model Rollout(int i, int port)
    {
        V1Pod Pod(string arm, int n, string address) => new()
        {
            Metadata = new V1ObjectMeta { Name = $"m{i}-{arm}-{n}", Uid = $"uid-m{i}-{arm}-{n}" },
            Status = new V1PodStatus { PodIP = address },
        };

        var t0 = DateTimeOffset.UnixEpoch;
        var rollout = new RolloutSpec { Steps = [new CanaryStep { SetWeight = 50 }, new CanaryStep { Pause = new PauseStep() }] };
        return new Model(
            new ObjectKey("bench", $"m{i}"),
            new ArmPods($"m{i}-v2", [.. CanaryAddresses.Select((a, n) => Pod("canary", n, a))], port),
            new ArmPods($"m{i}-v1", [.. StableAddresses.Select((a, n) => Pod("stable", n, a))], port),
            [
                new ServedVersion($"m{i}-v1", t0, ModelRole.Stable, RolloutStrategy.Canary, 2, 2) { Phase = ModelVersionPhase.Serving, PromotedAt = t0 },
                new ServedVersion($"m{i}-v2", t0.AddHours(1), ModelRole.Canary, RolloutStrategy.Canary, 2, 2)
                {
                    Phase = ModelVersionPhase.Paused, Rollout = rollout, Progress = new CanaryProgress(1, t0.AddHours(1), 0, CanaryMachine.ManualGate),
                },
            ]);
    }

    private static Process Serve(string sluice, string model, string version, string address, int port)
    {
        var info = new ProcessStartInfo(sluice) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "serve", "--model", model, "--name", "bench", "--model-version", version, "--host", address, "--port", port.ToString(CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"{sluice} did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>`canary-traffic PORT`: predictions of 25 rows on each of the four servers in turn, until killed.</summary>
    public static async Task TrafficLoopAsync(int port)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        var body = Body(RepositoryRoot());
        while (true)
        {
            foreach (var address in CanaryAddresses.Concat(StableAddresses))
            {
                using var content = new StringContent(body, Encoding.UTF8, "application/json");
                using var response = await http.PostAsync(new Uri($"http://{address}:{port}/v2/models/bench/infer"), content);
                response.EnsureSuccessStatusCode();
            }
        }
    }

    private static Process Traffic(int port)
    {
        var self = Environment.ProcessPath ?? "dotnet";
        var info = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.ArgumentList.Add(typeof(CanaryAnalysisLoad).Assembly.Location);
        }

        info.ArgumentList.Add("canary-traffic");
        info.ArgumentList.Add(port.ToString(CultureInfo.InvariantCulture));
        var process = Process.Start(info) ?? throw new InvalidOperationException("the traffic process did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static string Body(string root)
    {
        var rows = File.ReadLines(Path.Combine(root, "tests", "testdata", "datasets", "breast_cancer.csv")).Skip(1).Take(25).Select(l => l.Split(',')[..^1]);
        return $$"""{"inputs":[{"name":"input","shape":[25,30],"datatype":"FP32","data":[{{string.Join(",", rows.SelectMany(r => r))}}]}]}""";
    }

    private static async Task WaitReadyAsync(HttpClient http, string address, int port, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(new Uri($"http://{address}:{port}/v2/health/ready"), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Operator.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("run from inside the repository (Operator.sln not found above " + AppContext.BaseDirectory + ")");
    }

    /// <summary>A clock the load moves on by a whole interval at a time, so every call is a due check.</summary>
    private sealed class SteppedTime(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset now = start;

        public void Advance(TimeSpan by) => now += by;

        public override DateTimeOffset GetUtcNow() => now;
    }
}
