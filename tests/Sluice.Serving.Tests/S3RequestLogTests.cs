using System.Text.Json.Nodes;
using Sluice.Artifacts;
using Sluice.Serving.Logging;

namespace Sluice.Serving.Tests;

/// <summary>Request logs written to a real S3 server (s3rver) through the artifact store.</summary>
public sealed class S3RequestLogTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    private static string Body(int rows, int offset = 0)
    {
        var catalog = JsonNode.Parse(File.ReadAllText(RunningServer.ModelPath("models.json")))!;
        var samples = catalog["breast_cancer_mlp_v1.onnx"]!["sample_inputs"]!.AsArray();
        var data = new JsonArray(Enumerable.Range(offset, rows).Select(i => samples[i % samples.Count]!.DeepClone()).ToArray());
        return new JsonObject
        {
            ["inputs"] = new JsonArray(new JsonObject { ["name"] = "input", ["shape"] = new JsonArray(rows, 30), ["datatype"] = "FP32", ["data"] = data }),
        }.ToJsonString();
    }

    private static async Task<List<(string Key, JsonNode Line)>> ReadLinesAsync(IArtifactStore store)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var lines = new List<(string, JsonNode)>();
        await foreach (var info in store.ListAsync("serving-logs/", cts.Token))
        {
            await using var stream = await store.GetAsync(info.Key, cts.Token);
            using var reader = new StreamReader(stream);
            while (await reader.ReadLineAsync(cts.Token) is { } line)
            {
                lines.Add((info.Key, JsonNode.Parse(line)!));
            }
        }

        return lines;
    }

    private static async Task<List<(string Key, JsonNode Line)>> WaitForLinesAsync(IArtifactStore store, int count)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            var lines = await ReadLinesAsync(store);
            if (lines.Count >= count || deadline.IsCancellationRequested)
            {
                return lines;
            }

            await Task.Delay(100, CancellationToken.None);
        }
    }

    [Fact]
    public async Task Rows_are_written_when_a_batch_fills_and_the_rest_on_shutdown()
    {
        var (store, bucket) = await s3.NewBucketAsync("logs");
        var server = await RunningServer.StartAsync("breast_cancer_mlp_v1.onnx", "bc", o => o with
        {
            Models = [o.Models[0] with { Version = "v1", FeatureNames = [.. Enumerable.Range(0, 30).Select(i => $"f{i}")] }],
            RequestLog = new RequestLogSettings(new ArtifactStoreRequestLogSink(store))
            {
                SampleRate = 1,
                Namespace = "prod",
                BatchRows = 4,
                FlushInterval = TimeSpan.FromMinutes(10),
                Redact = new HashSet<string> { "f3" },
            },
        });
        try
        {
            for (var i = 0; i < 5; i++)
            {
                Assert.Equal(200, (await server.PostAsync("/v2/models/bc/infer", Body(2, i))).Status);
            }

            // 10 rows with batches of 4: two files are written while serving, long before the 10-minute flush interval.
            var whileServing = await WaitForLinesAsync(store, 8);
            Assert.True(whileServing.Count >= 8, $"only {whileServing.Count} rows in s3://{bucket}/logs while serving");
        }
        finally
        {
            await server.DisposeAsync();
        }

        var lines = await ReadLinesAsync(store);
        Assert.Equal(10, lines.Count);
        Assert.All(lines, l =>
        {
            Assert.Matches(@"^serving-logs/prod/bc/v1/\d{4}/\d{2}/\d{2}/\d{2}/\d{8}T\d{9}Z-[0-9a-f]{8}\.jsonl$", l.Key);
            Assert.Equal("bc", l.Line["model"]!.GetValue<string>());
            Assert.Equal(29, l.Line["features"]!.AsObject().Count);
            Assert.Null(l.Line["features"]!["f3"]);
            Assert.InRange(l.Line["outputs"]!["probability"]!.GetValue<double>(), 0, 1);
        });
        Assert.Equal(10, lines.Select(l => (l.Line["requestId"]!.GetValue<string>(), l.Line["row"]!.GetValue<int>())).Distinct().Count());
    }

    [Fact]
    public async Task Waiting_rows_are_written_when_the_flush_interval_passes()
    {
        var (store, _) = await s3.NewBucketAsync();
        await using var server = await RunningServer.StartAsync("breast_cancer_mlp_v1.onnx", "bc", o => o with
        {
            RequestLog = new RequestLogSettings(new ArtifactStoreRequestLogSink(store))
            {
                SampleRate = 1,
                BatchRows = 1000,
                FlushInterval = TimeSpan.FromMilliseconds(300),
            },
        });
        Assert.Equal(200, (await server.PostAsync("/v2/models/bc/infer", Body(3))).Status);

        var lines = await WaitForLinesAsync(store, 3);

        Assert.Equal(3, lines.Count);
        Assert.NotNull(lines[0].Line["features"]!["input_29"]);
    }

    [Fact]
    public async Task A_steady_trickle_of_requests_does_not_postpone_the_time_bound()
    {
        var (store, _) = await s3.NewBucketAsync();
        await using var server = await RunningServer.StartAsync("breast_cancer_mlp_v1.onnx", "bc", o => o with
        {
            RequestLog = new RequestLogSettings(new ArtifactStoreRequestLogSink(store))
            {
                SampleRate = 1,
                BatchRows = 1000,
                FlushInterval = TimeSpan.FromMilliseconds(500),
            },
        });

        // Requests keep arriving more often than the interval; files must still appear while they do.
        var seen = 0;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        for (var i = 0; seen == 0 && !deadline.IsCancellationRequested; i++)
        {
            Assert.Equal(200, (await server.PostAsync("/v2/models/bc/infer", Body(1, i))).Status);
            await Task.Delay(100, CancellationToken.None);
            seen = (await ReadLinesAsync(store)).Count;
        }

        Assert.True(seen > 0, "no request-log file was written while requests kept arriving");
    }

    [Fact]
    public async Task A_missing_bucket_drops_and_counts_rows_without_failing_requests()
    {
        var store = await ArtifactStoreFactory.OpenRootAsync("s3://no-such-bucket-" + Guid.NewGuid().ToString("N")[..8], s3.Server.Settings(createBucket: false), CancellationToken.None);
        await using var server = await RunningServer.StartAsync("breast_cancer_mlp_v1.onnx", "bc", o => o with
        {
            RequestLog = new RequestLogSettings(new ArtifactStoreRequestLogSink(store)) { SampleRate = 1, BatchRows = 1 },
        });

        Assert.Equal(200, (await server.PostAsync("/v2/models/bc/infer", Body(2))).Status);

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        string text;
        do
        {
            await Task.Delay(100, CancellationToken.None);
            text = (await server.GetAsync("/metrics")).Body!.GetValue<string>();
        }
        while (!text.Contains("sluice_serving_request_log_dropped_total 2", StringComparison.Ordinal) && !deadline.IsCancellationRequested);

        Assert.Contains("sluice_serving_request_log_dropped_total 2", text, StringComparison.Ordinal);
        Assert.Contains("sluice_serving_request_log_written_total 0", text, StringComparison.Ordinal);
    }
}
