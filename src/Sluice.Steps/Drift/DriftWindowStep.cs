using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Sluice.Artifacts;
using Sluice.Core.Drift.Windows;
using Sluice.Core.Profiles;

namespace Sluice.Steps.Drift;

/// <summary>
/// <c>sluice step drift</c>: evaluates one window of a model version's serving logs against its baseline
/// profile, as a DriftMonitor's Job. Lists only the window's hour prefixes, streams their objects in key order
/// through a <see cref="WindowScan"/> (fetching a few ahead), writes the full report as an artifact and leaves
/// the verdict and the most drifted features as the step's results (docs/drift.md).
/// </summary>
public static class DriftWindowStep
{
    private static readonly JsonSerializerOptions ReportJson = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Runs the window; <paramref name="openLogs"/> replaces the artifact store of <c>--logs</c> (tests wrap it).</summary>
    public static async Task<int> RunAsync(DriftWindowOptions options, StageEnvironment environment, TextWriter log, CancellationToken cancellationToken,
        Func<string, CancellationToken, Task<IArtifactStore>>? openLogs = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(log);
        var settings = DriftWindowSettings.Parse(options, environment);
        var io = new ArtifactIo(environment);
        var features = await PlanAsync(io, settings, cancellationToken);
        var scan = new WindowScan(features, settings.Scan);
        var store = await OpenLogsAsync(settings.Logs, environment, openLogs, cancellationToken);
        try
        {
            var keys = await ListAsync(store, settings, scan, cancellationToken);
            await ReadAsync(store, keys, scan, Math.Max(1, options.Prefetch), log, cancellationToken);
        }
        finally
        {
            (store as IDisposable)?.Dispose();
        }

        var header = new WindowReport
        {
            Namespace = settings.Namespace,
            Model = settings.Scan.Model,
            Version = settings.Scan.Version,
            Start = ServingLogPartitions.Rfc3339(settings.Scan.Start),
            End = ServingLogPartitions.Rfc3339(settings.Scan.End),
            Logs = store.RootUri,
            Baseline = settings.Baseline,
            MinSamples = settings.MinSamples,
            MaxSamples = settings.Scan.MaxSamples,
            Seed = settings.Scan.Seed,
            ShareThreshold = settings.ShareThreshold,
        };
        WindowReport report;
        try
        {
            report = WindowEvaluation.Evaluate(scan, header);
        }
        catch (InvalidDataException e)
        {
            throw new StepException($"window [{header.Start}, {header.End}) of {header.Model}/{header.Version} in {header.Logs}: {e.Message}", e);
        }

        var written = await io.WriteAsync(settings.ReportOut, "report", (s, ct) => JsonSerializer.SerializeAsync(s, report, ReportJson, ct),
            new JsonObject { ["verdict"] = report.Verdict, ["rows"] = report.Counts.Rows }, cancellationToken);
        foreach (var (name, value) in WindowSummary.Build(report, written.Uri))
        {
            environment.SetResult(name, value?.DeepClone());
        }

        await log.WriteLineAsync(Describe(report));
        return 0;
    }

    private static async Task<WindowFeatures> PlanAsync(ArtifactIo io, DriftWindowSettings settings, CancellationToken cancellationToken)
    {
        DataProfile profile;
        await using (var stream = await io.OpenReadAsync(settings.Baseline, "baseline profile", cancellationToken))
        {
            using var reader = new StreamReader(stream);
            try
            {
                profile = DataProfileJson.Deserialize(await reader.ReadToEndAsync(cancellationToken));
            }
            catch (FormatException e)
            {
                throw new StepException($"--baseline {settings.Baseline}: {e.Message}", e);
            }
        }

        try
        {
            return WindowFeatures.Plan(profile, settings.Features);
        }
        catch (ArgumentException e)
        {
            throw new StepException(e.Message, e);
        }
    }

    private static async Task<IArtifactStore> OpenLogsAsync(string uri, StageEnvironment environment, Func<string, CancellationToken, Task<IArtifactStore>>? open,
        CancellationToken cancellationToken)
    {
        try
        {
            return open is null ? await ArtifactStoreFactory.OpenRootAsync(uri, environment.S3, cancellationToken) : await open(uri, cancellationToken);
        }
        catch (Exception e) when (e is ArgumentException or ArtifactStoreException)
        {
            throw new StepException($"--logs {uri}: {e.Message}", e);
        }
    }

    // Only the window's hours are listed; within them, objects named as starting at or after the end hold no row of
    // it, nor (with --object-span) objects named as starting longer than the span before the window's start.
    private static async Task<List<string>> ListAsync(IArtifactStore store, DriftWindowSettings settings, WindowScan scan, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        var scanSettings = settings.Scan;
        foreach (var prefix in ServingLogPartitions.HourPrefixes(settings.Namespace, scanSettings.Model, scanSettings.Version, scanSettings.Start, scanSettings.End))
        {
            try
            {
                // Keys only: most are skipped by their names, and each one read is verified by GetAsync.
                await foreach (var key in store.ListKeysAsync(prefix, cancellationToken))
                {
                    if (!key.EndsWith(ServingLogPartitions.Extension, StringComparison.Ordinal))
                    {
                        continue;
                    }

                    if (ServingLogPartitions.MayHoldRowsBefore(key, scanSettings.End)
                        && (settings.ObjectSpan is not { } span || ServingLogPartitions.MayHoldRowsFrom(key, scanSettings.Start - span)))
                    {
                        keys.Add(key);
                    }
                    else
                    {
                        scan.ObjectSkipped();
                    }
                }
            }
            catch (ArtifactStoreException e)
            {
                throw new StepException($"cannot list the serving logs under {store.UriOf(prefix)}: {e.Message}", e);
            }
        }

        keys.Sort(StringComparer.Ordinal);
        return keys;
    }

    // Objects are fetched and verified a few ahead (S3 round trips, sha256) while the current one is read; they are
    // still read in key order, so the sample is the same whatever the timing.
    private static async Task ReadAsync(IArtifactStore store, List<string> keys, WindowScan scan, int prefetch, TextWriter log, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pending = new Queue<Task<(Stream? Stream, string? Error)>>();
        var next = 0;
        try
        {
            for (var i = 0; i < keys.Count; i++)
            {
                while (next < keys.Count && next <= i + prefetch)
                {
                    pending.Enqueue(FetchAsync(store, keys[next++], stop.Token));
                }

                var (stream, error) = await pending.Dequeue();
                cancellationToken.ThrowIfCancellationRequested();
                if (stream is null)
                {
                    scan.ObjectInvalid(keys[i], error!);
                    await log.WriteLineAsync($"drift: skipped {store.UriOf(keys[i])}: {error}");
                    continue;
                }

                await using (stream)
                {
                    try
                    {
                        await LogObjectLines.ReadAsync(stream, keys[i], scan, cancellationToken);
                        scan.ObjectRead();
                    }
                    catch (IOException e)
                    {
                        scan.ObjectInvalid(keys[i], e.Message);
                        await log.WriteLineAsync($"drift: {store.UriOf(keys[i])} broke off while read: {e.Message}");
                    }
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            while (pending.Count > 0)
            {
                try
                {
                    var (stream, _) = await pending.Dequeue();
                    if (stream is not null)
                    {
                        await stream.DisposeAsync();
                    }
                }
                catch (OperationCanceledException)
                {
                    // Fetched ahead and no longer wanted: nothing to close.
                }
            }
        }
    }

    private static async Task<(Stream?, string?)> FetchAsync(IArtifactStore store, string key, CancellationToken cancellationToken)
    {
        try
        {
            return (await store.GetAsync(key, cancellationToken), null);
        }
        catch (Exception e) when (e is ArtifactStoreException or IOException)
        {
            return (null, e.Message);
        }
    }

    private static string Describe(WindowReport report)
    {
        var c = report.Counts;
        var counts = string.Create(CultureInfo.InvariantCulture,
            $"{c.Objects} objects ({c.InvalidObjects} unreadable), {c.Rows} rows ({c.Invalid} invalid lines, {c.OutsideWindow} outside the window, {c.OtherVersion} of other versions), {c.Sampled} sampled");
        var drifted = report.Drift is { } d
            ? $": {d.DriftedFeatures} of {d.Features.Count} features drifted{(d.DriftedFeatures > 0 ? " (" + string.Join(", ", WindowSummary.Rank(d.Features).Where(f => f.Drifted).Take(10).Select(f => f.Name)) + ")" : "")}"
            : $": fewer rows than --min-samples {report.MinSamples}";
        return $"drift window [{report.Start}, {report.End}) {report.Model}/{report.Version}: {counts}; {report.Verdict}{drifted}";
    }
}
