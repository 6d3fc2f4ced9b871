using System.Text.Json.Nodes;
using Sluice.Artifacts;
using Sluice.Core.Drift.Windows;
using Sluice.Core.Profiles;
using Sluice.Steps.Drift;

namespace Sluice.Steps.Tests;

/// <summary>
/// <c>sluice step drift</c> end to end on a real store (the subclasses: a file:/// directory and s3rver): the
/// serving logs are written as the server writes them, the step runs in process, and its results are read back
/// from the termination-message file as the operator reads them.
/// </summary>
public abstract class DriftWindowStepContract : IDisposable
{
    private static readonly string[] Shifted = ["mean_radius", "worst_area", "mean_texture", "smoothness_error"];
    private readonly string _work = Directory.CreateTempSubdirectory("sluice-drift-step-").FullName;

    /// <summary>A store on a fresh, empty root, and the stage variables that reach it.</summary>
    protected abstract Task<IArtifactStore> NewStoreAsync();

    protected abstract IReadOnlyDictionary<string, string?> StoreVariables { get; }

    /// <summary>Writes an object whose content no longer matches its recorded sha256 (an upload cut short).</summary>
    protected abstract Task PutTruncatedAsync(IArtifactStore store, string key, byte[] content);

    protected sealed record Run(JsonObject Results, string ResultsText, string Log);

    protected async Task<Run> RunAsync(IArtifactStore logs, Func<DriftWindowOptions, DriftWindowOptions>? change = null, IArtifactStore? recorder = null)
    {
        var message = Path.Combine(_work, $"message-{Guid.NewGuid():N}");
        var variables = new Dictionary<string, string?>(StoreVariables, StringComparer.Ordinal) { [StageEnvironment.TerminationMessageVariable] = message };
        var environment = new StageEnvironment(variables);
        var options = new DriftWindowOptions
        {
            Logs = logs.RootUri,
            Namespace = "prod",
            Model = "bc",
            Version = "v1",
            Start = ServingLogPartitions.Rfc3339(ServingLogFixture.Start),
            End = ServingLogPartitions.Rfc3339(ServingLogFixture.End),
            Baseline = ServingLogFixture.Profile,
            ReportOut = logs.UriOf($"reports/{Guid.NewGuid():N}.json"),
            Ignore = ["target"],
            MinSamples = "50",
        };
        using var log = new StringWriter();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var code = await DriftWindowStep.RunAsync(change?.Invoke(options) ?? options, environment, log, deadline.Token,
            recorder is null ? null : (_, _) => Task.FromResult<IArtifactStore>(recorder));
        Assert.Equal(0, code);
        await environment.WriteResultsAsync(deadline.Token);
        var text = await File.ReadAllTextAsync(message, deadline.Token);
        return new Run(JsonNode.Parse(text)!.AsObject(), text, log.ToString());
    }

    protected async Task<StepException> FailAsync(IArtifactStore logs, Func<DriftWindowOptions, DriftWindowOptions>? change = null) =>
        await Assert.ThrowsAsync<StepException>(() => RunAsync(logs, change));

    private static string[] TopNames(Run run, int count) => [.. run.Results["top"]!.AsArray().Take(count).Select(t => (string)t!["name"]!)];

    [Fact]
    public async Task Rows_of_the_training_population_are_clean()
    {
        var store = await NewStoreAsync();
        await ServingLogFixture.PutAsync(store, ServingLogFixture.Lines(85, ServingLogFixture.Start.AddMinutes(5)), ServingLogFixture.Start.AddMinutes(5));
        await ServingLogFixture.PutAsync(store, ServingLogFixture.Lines(85, ServingLogFixture.Start.AddMinutes(70)), ServingLogFixture.Start.AddMinutes(70));

        var run = await RunAsync(store);

        Assert.Equal("Clean", (string)run.Results["verdict"]!);
        Assert.Equal((2, 170, 0, 170, 30), ((int)run.Results["objects"]!, (int)run.Results["rows"]!, (int)run.Results["invalid"]!, (int)run.Results["sampled"]!, (int)run.Results["features"]!));
        Assert.StartsWith(store.RootUri + "/reports/", (string)run.Results["report"]!, StringComparison.Ordinal);
        Assert.Contains("Clean", run.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shifted_features_drift_and_lead_the_results()
    {
        var store = await NewStoreAsync();
        await ServingLogFixture.PutAsync(store, ServingLogFixture.Lines(170, ServingLogFixture.Start.AddMinutes(1), shift: Shifted), ServingLogFixture.Start.AddMinutes(1));

        var run = await RunAsync(store, o => o with { ShareThreshold = "0.1" });

        Assert.Equal("Drifted", (string)run.Results["verdict"]!);
        Assert.Equal(Shifted.Order(StringComparer.Ordinal), TopNames(run, 4).Order(StringComparer.Ordinal));
        Assert.All(run.Results["top"]!.AsArray().Take(4), t => Assert.True((bool)t!["drifted"]!));
        Assert.Equal(0, (int)run.Results["omitted"]!);
    }

    [Fact]
    public async Task Other_versions_rows_outside_the_window_and_objects_after_it_are_left_out()
    {
        var store = await NewStoreAsync();
        var start = ServingLogFixture.Start;
        // In the window: 100 rows of v1; in the same object, 20 of v2 and 30 from before the window's start hour.
        var mixed = ServingLogFixture.Lines(100, start.AddMinutes(10))
            .Concat(ServingLogFixture.Lines(20, start.AddMinutes(20), version: "v2"))
            .Concat(ServingLogFixture.Lines(30, start.AddHours(-3)));
        await ServingLogFixture.PutAsync(store, mixed, start.AddMinutes(10));
        await ServingLogFixture.PutAsync(store, ServingLogFixture.Lines(50, start.AddMinutes(30), version: "v2"), start.AddMinutes(30), version: "v2");
        await ServingLogFixture.PutAsync(store, ServingLogFixture.Lines(50, start.AddHours(-1)), start.AddHours(-1));
        await ServingLogFixture.PutAsync(store, ServingLogFixture.Lines(50, start.AddHours(2)), start.AddHours(2));
        // In the window's last hour but named (first row) at its end: not read (it would count an invalid line).
        var late = $"serving-logs/prod/bc/v1/{ServingLogFixture.End.AddMinutes(-1):yyyy'/'MM'/'dd'/'HH}/{ServingLogFixture.End:yyyyMMdd'T'HHmmssfff'Z'}-00000end.jsonl";
        await store.PutAsync(late, new MemoryStream("garbage\n"u8.ToArray()), CancellationToken.None);

        var run = await RunAsync(store);

        Assert.Equal((1, 100, 0), ((int)run.Results["objects"]!, (int)run.Results["rows"]!, (int)run.Results["invalid"]!));
        Assert.Equal("Clean", (string)run.Results["verdict"]!);
    }

    [Fact]
    public async Task Fewer_rows_than_the_minimum_give_insufficient_data_and_still_a_report()
    {
        var store = await NewStoreAsync();
        await ServingLogFixture.PutAsync(store, ServingLogFixture.Lines(40, ServingLogFixture.Start), ServingLogFixture.Start);

        var run = await RunAsync(store);

        Assert.Equal(("InsufficientData", 40, 0, 0), ((string)run.Results["verdict"]!, (int)run.Results["rows"]!, (int)run.Results["driftedFeatures"]!, run.Results["top"]!.AsArray().Count));
        Assert.NotNull(run.Results["report"]);
    }

    [Fact]
    public async Task Malformed_lines_and_a_truncated_last_line_are_counted_not_fatal()
    {
        var store = await NewStoreAsync();
        var lines = ServingLogFixture.Lines(120, ServingLogFixture.Start.AddMinutes(1));
        lines.Insert(10, "not json at all");
        lines.Insert(20, """{"ts":"2026-11-23T10:05:00.000Z","model":"bc","version":"v1"}""");
        lines.Insert(30, "[1,2,3]");
        var last = ServingLogFixture.Lines(1, ServingLogFixture.Start.AddMinutes(50))[0];
        lines.Add(last[..(last.Length / 2)]);
        await ServingLogFixture.PutAsync(store, lines, ServingLogFixture.Start.AddMinutes(1), finalNewline: false);

        var run = await RunAsync(store);

        Assert.Equal((120, 4, "Clean"), ((int)run.Results["rows"]!, (int)run.Results["invalid"]!, (string)run.Results["verdict"]!));
    }

    [Fact]
    public async Task An_object_that_fails_its_checksum_is_counted_and_skipped()
    {
        var store = await NewStoreAsync();
        await ServingLogFixture.PutAsync(store, ServingLogFixture.Lines(100, ServingLogFixture.Start.AddMinutes(1)), ServingLogFixture.Start.AddMinutes(1));
        var content = System.Text.Encoding.UTF8.GetBytes(string.Join('\n', ServingLogFixture.Lines(100, ServingLogFixture.Start.AddMinutes(40))) + "\n");
        await PutTruncatedAsync(store, $"serving-logs/prod/bc/v1/2026/11/23/10/20261123T104000000Z-deadbeef.jsonl", content);

        var run = await RunAsync(store);

        Assert.Equal((1, 1, 100), ((int)run.Results["objects"]!, (int)run.Results["invalidObjects"]!, (int)run.Results["rows"]!));
        Assert.Contains("deadbeef", run.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_window_of_mostly_garbage_fails_naming_an_example()
    {
        var store = await NewStoreAsync();
        var lines = ServingLogFixture.Lines(10, ServingLogFixture.Start.AddMinutes(1)).Concat(Enumerable.Repeat("\u0001\u0002 binary", 11));
        var key = await ServingLogFixture.PutAsync(store, lines, ServingLogFixture.Start.AddMinutes(1));

        var error = await FailAsync(store);

        Assert.Contains("11 of the 21 lines", error.Message, StringComparison.Ordinal);
        Assert.Contains($"line 11 of {key}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_that_name_features_by_position_fail_with_the_names_on_both_sides()
    {
        var store = await NewStoreAsync();
        var names = ServingLogFixture.TestSplit().Names.ToList();
        await ServingLogFixture.PutAsync(store, ServingLogFixture.Lines(100, ServingLogFixture.Start, rename: n => $"input_{names.IndexOf(n)}"), ServingLogFixture.Start);

        var error = await FailAsync(store);

        Assert.Contains("30 of the 30 compared features have no value in any of the 100 sampled rows (mean_radius, mean_texture, mean_perimeter, mean_area, mean_smoothness, …)",
            error.Message, StringComparison.Ordinal);
        Assert.Contains("the logs' rows name input_0, input_1, input_2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_window_hours_are_listed()
    {
        var store = await NewStoreAsync();
        await ServingLogFixture.PutAsync(store, ServingLogFixture.Lines(100, ServingLogFixture.Start.AddMinutes(90)), ServingLogFixture.Start.AddMinutes(90));
        var recorder = new RecordingArtifactStore(store);

        var run = await RunAsync(store, o => o with { Start = "2026-11-23T10:30:00Z", End = "2026-11-23T11:45:00.5Z" }, recorder);

        Assert.Equal(new[] { "serving-logs/prod/bc/v1/2026/11/23/10/", "serving-logs/prod/bc/v1/2026/11/23/11/" }, recorder.Listed);
        Assert.Equal(100, (int)run.Results["rows"]!);
        Assert.Equal("2026-11-23T11:45:00.5Z", (string)run.Results["end"]!);
    }

    [Fact]
    public async Task The_same_inputs_give_the_same_results()
    {
        var store = await NewStoreAsync();
        await ServingLogFixture.PutAsync(store, ServingLogFixture.Lines(300, ServingLogFixture.Start.AddMinutes(1), shift: Shifted[..2]), ServingLogFixture.Start.AddMinutes(1));
        DriftWindowOptions Sampled(DriftWindowOptions o) => o with { MaxSamples = "120", Seed = "monitor-a", ReportOut = store.UriOf("reports/same.json") };

        var first = await RunAsync(store, Sampled);
        var second = await RunAsync(store, Sampled);
        var otherSeed = await RunAsync(store, o => Sampled(o) with { Seed = "monitor-b" });

        Assert.Equal(first.ResultsText, second.ResultsText);
        Assert.Equal(120, (int)first.Results["sampled"]!);
        Assert.NotEqual(first.Results["top"]!.ToJsonString(), otherSeed.Results["top"]!.ToJsonString());
    }

    [Fact]
    public async Task Bad_options_name_the_option()
    {
        var store = await NewStoreAsync();
        Assert.Contains("--start \"yesterday\" is not an RFC 3339 time", (await FailAsync(store, o => o with { Start = "yesterday" })).Message, StringComparison.Ordinal);
        Assert.Contains("--end 2026-11-23T09:00:00Z is not after --start", (await FailAsync(store, o => o with { End = "2026-11-23T09:00:00Z" })).Message, StringComparison.Ordinal);
        Assert.Contains("--numeric wasserstein", (await FailAsync(store, o => o with { Numeric = "wasserstein" })).Message, StringComparison.Ordinal);
        Assert.Contains("--model \"a/b\"", (await FailAsync(store, o => o with { Model = "a/b" })).Message, StringComparison.Ordinal);
        Assert.Contains("--max-samples \"0\"", (await FailAsync(store, o => o with { MaxSamples = "0" })).Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp directory.
        }
    }

    /// <summary>A profile of <paramref name="features"/> numeric features f000…, for the results-size test.</summary>
    protected static DataProfile WideProfile(int features)
    {
        var builder = new DataProfileBuilder();
        var columns = Enumerable.Range(0, features).Select(i => builder.Feature($"f{i:D3}")).ToArray();
        for (var r = 0; r < 500; r++)
        {
            builder.CountRow();
            for (var j = 0; j < features; j++)
            {
                columns[j].AddNumber((r * 7919 % 500) + j);
            }
        }

        return builder.Build();
    }
}
