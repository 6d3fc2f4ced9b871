using System.Text.Json.Nodes;
using Sluice.Serving.Logging;
using Sluice.Serving.Models;

namespace Sluice.Serving.Tests;

/// <summary>Metrics, sampled request logs and dynamic batching on a real server.</summary>
public sealed class ObservabilityTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-serve-logs-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Body(JsonArray rows) => new JsonObject
    {
        ["inputs"] = new JsonArray(new JsonObject
        {
            ["name"] = "input",
            ["shape"] = new JsonArray(rows.Count, 30),
            ["datatype"] = "FP32",
            ["data"] = rows,
        }),
    }.ToJsonString();

    private static JsonArray SampleRows(int count)
    {
        var catalog = JsonNode.Parse(File.ReadAllText(RunningServer.ModelPath("models.json")))!;
        var rows = catalog["breast_cancer_mlp_v1.onnx"]!["sample_inputs"]!.AsArray();
        return new JsonArray(Enumerable.Range(0, count).Select(i => rows[i % rows.Count]!.DeepClone()).ToArray());
    }

    [Fact]
    public async Task Metrics_count_requests_by_code_and_record_latency_batches_predictions_and_model_info()
    {
        await using var server = await RunningServer.StartAsync("breast_cancer_mlp_v1.onnx", "bc", o => o with
        {
            Models = [o.Models[0] with { Version = "v1" }],
        });
        Assert.Equal(200, (await server.PostAsync("/v2/models/bc/infer", Body(SampleRows(3)))).Status);
        Assert.Equal(400, (await server.PostAsync("/v2/models/bc/infer", "{}")).Status);

        var text = (await server.GetAsync("/metrics")).Body!.GetValue<string>();

        Assert.Contains("sluice_serving_requests_total{model=\"bc\",version=\"v1\",code=\"200\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("sluice_serving_requests_total{model=\"bc\",version=\"v1\",code=\"400\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("sluice_serving_request_duration_seconds_count{model=\"bc\",version=\"v1\"} 2", text, StringComparison.Ordinal);
        Assert.Contains("sluice_serving_inference_duration_seconds_count{model=\"bc\",version=\"v1\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("sluice_serving_batch_rows_sum{model=\"bc\",version=\"v1\"} 3", text, StringComparison.Ordinal);
        Assert.Contains("sluice_serving_prediction_count{model=\"bc\",version=\"v1\",output=\"probability\"} 3", text, StringComparison.Ordinal);
        var bounds = System.Text.RegularExpressions.Regex.Matches(text, "sluice_serving_prediction_bucket\\{[^}]*le=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal("0.05", bounds[0]);
        Assert.Equal(["1", "+Inf"], bounds[^2..]);
        Assert.Equal(21, bounds.Count);
        Assert.Contains("sluice_serving_model_info{model=\"bc\",version=\"v1\",sha256=\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sampled_requests_are_written_as_jsonl_per_row_with_redaction_and_flushed_on_shutdown()
    {
        var server = await RunningServer.StartAsync("breast_cancer_mlp_v1.onnx", "bc", o => o with
        {
            Models = [o.Models[0] with { Version = "v7" }],
            RequestLog = new RequestLogSettings(new DirectoryRequestLogSink(_dir))
            {
                SampleRate = 1,
                Namespace = "team-a",
                Redact = new HashSet<string> { "input_1" },
                FlushInterval = TimeSpan.FromMinutes(5),
            },
        });
        await using (server)
        {
            var body = JsonNode.Parse(Body(SampleRows(2)))!;
            body["id"] = "req-1";
            Assert.Equal(200, (await server.PostAsync("/v2/models/bc/infer", body.ToJsonString())).Status);
        }

        var files = Directory.GetFiles(Path.Combine(_dir, "serving-logs", "team-a", "bc", "v7"), "*.jsonl", SearchOption.AllDirectories);
        var file = Assert.Single(files);
        Assert.Matches(@"serving-logs/team-a/bc/v7/\d{4}/\d{2}/\d{2}/\d{2}/\d{8}T\d{9}Z-[0-9a-f]{8}\.jsonl$", file);
        var lines = File.ReadAllLines(file).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Equal(1, lines[1]["row"]!.GetValue<int>());
        Assert.Equal("req-1", lines[0]["requestId"]!.GetValue<string>());
        Assert.Equal("bc", lines[0]["model"]!.GetValue<string>());
        var features = lines[0]["features"]!.AsObject();
        Assert.Equal(29, features.Count);
        Assert.False(features.ContainsKey("input_1"));
        Assert.Equal(13.82, features["input_0"]!.GetValue<double>(), 4);
        Assert.InRange(lines[0]["outputs"]!["probability"]!.GetValue<double>(), 0, 1);
    }

    [Fact]
    public async Task Full_buffer_drops_and_counts_instead_of_failing_requests()
    {
        await using var server = await RunningServer.StartAsync("breast_cancer_mlp_v1.onnx", "bc", o => o with
        {
            RequestLog = new RequestLogSettings(new DirectoryRequestLogSink(_dir)) { SampleRate = 1, BufferRows = 0 },
        });

        Assert.Equal(200, (await server.PostAsync("/v2/models/bc/infer", Body(SampleRows(4)))).Status);

        var text = (await server.GetAsync("/metrics")).Body!.GetValue<string>();
        Assert.Contains("sluice_serving_request_log_dropped_total 4", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_requests_are_batched_and_each_gets_its_own_rows()
    {
        await using var server = await RunningServer.StartAsync("breast_cancer_mlp_v1.onnx", "bc", o => o with
        {
            // A wide window: on a busy two-core machine ten concurrent requests can arrive tens of milliseconds apart.
            Models = [o.Models[0] with { Batching = new BatchingSettings(64, TimeSpan.FromMilliseconds(500)) { RunAloneWhenIdle = false } }],
        });
        await using var plain = await RunningServer.StartAsync("breast_cancer_mlp_v1.onnx", "bc");
        var rows = SampleRows(10);

        var batched = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => server.PostAsync("/v2/models/bc/infer", Body(new JsonArray(rows[i]!.DeepClone())))));

        for (var i = 0; i < 10; i++)
        {
            var alone = await plain.PostAsync("/v2/models/bc/infer", Body(new JsonArray(rows[i]!.DeepClone())));
            Assert.Equal(200, batched[i].Status);
            Assert.Equal(alone.Body!["outputs"]!.ToJsonString(), batched[i].Body!["outputs"]!.ToJsonString());
        }

        var text = (await server.GetAsync("/metrics")).Body!.GetValue<string>();
        var count = double.Parse(System.Text.RegularExpressions.Regex.Match(text, "sluice_serving_batch_rows_count\\{[^}]*\\} (\\S+)").Groups[1].Value,
            System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(count < 10, $"10 concurrent requests ran in {count} batches");
    }

    [Fact]
    public async Task With_two_batch_workers_every_request_still_gets_its_own_rows()
    {
        await using var server = await RunningServer.StartAsync("breast_cancer_mlp_v1.onnx", "bc", o => o with
        {
            Models = [o.Models[0] with { Batching = new BatchingSettings(8, TimeSpan.FromMilliseconds(2), Workers: 2) { RunAloneWhenIdle = false } }],
        });
        await using var plain = await RunningServer.StartAsync("breast_cancer_mlp_v1.onnx", "bc");
        var rows = SampleRows(40);

        var batched = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => server.PostAsync("/v2/models/bc/infer", Body(new JsonArray(rows[i % rows.Count]!.DeepClone())))));

        for (var i = 0; i < 40; i++)
        {
            var alone = await plain.PostAsync("/v2/models/bc/infer", Body(new JsonArray(rows[i % rows.Count]!.DeepClone())));
            Assert.Equal(200, batched[i].Status);
            Assert.Equal(alone.Body!["outputs"]!.ToJsonString(), batched[i].Body!["outputs"]!.ToJsonString());
        }
    }
}
