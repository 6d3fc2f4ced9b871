using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Sluice.Artifacts;
using Sluice.Artifacts.Tests;
using Sluice.Core.Drift.Windows;
using Sluice.Core.Profiles;

namespace Sluice.Benchmarks;

/// <summary>
/// <c>drift-window</c>: the Release-built <c>sluice step drift</c> process on one window of generated serving logs
/// (<see cref="DriftWindowData"/>) in s3rver and in a file:/// store holding the same objects, and the Python
/// reference (<c>benchmarks/drift/window_reference.py</c>, json + numpy/scipy) on that directory, side by side.
/// Every process runs pinned to one core (<c>taskset</c>) under <c>/usr/bin/time</c>: wall time, user + system
/// CPU and peak RSS of the process itself. Generating and uploading the data is not timed.
/// </summary>
internal static class DriftWindowBenchmark
{
    private const string Core = "1";

    /// <param name="keep">A directory to write the data to and keep (the file:/// store, the baseline), else a temp one that is deleted.</param>
    /// <param name="s3Rows">Sizes up to this many rows are also written to and read from s3rver (whose own cost per object dominates there).</param>
    public static async Task<string> RunAsync(string sluice, string python, IReadOnlyList<int> sizes, int s3Rows, int rounds, string? keep, CancellationToken cancellationToken)
    {
        var root = CanaryAnalysisLoad.RepositoryRoot();
        var work = keep is null ? Directory.CreateTempSubdirectory("sluice-drift-window-").FullName : Directory.CreateDirectory(keep).FullName;
        using var s3 = S3rverProcess.Start();
        var output = new StringBuilder();
        try
        {
            var s3Store = await ArtifactStoreFactory.OpenRootAsync("s3://bench/logs", s3.Settings(), cancellationToken);
            var local = new LocalArtifactStore(Path.Combine(work, "store"));
            var profile = DataProfileJson.Serialize(DriftWindowData.Baseline(root, 20_000, seed: 1));
            var baselineFile = Path.Combine(work, "baseline.json");
            await File.WriteAllTextAsync(baselineFile, profile, cancellationToken);
            await s3Store.PutAsync("baseline.json", new MemoryStream(Encoding.UTF8.GetBytes(profile)), cancellationToken);
            foreach (var rows in sizes)
            {
                var clock = Stopwatch.StartNew();
                if (!Directory.Exists(Path.Combine(work, "store", "serving-logs", Namespace(rows))))
                {
                    await DriftWindowData.WriteLogsAsync(root, rows <= s3Rows ? [s3Store, local] : [local], Namespace(rows), rows, seed: 2, cancellationToken);
                }
                else if (rows <= s3Rows)
                {
                    await DriftWindowData.WriteLogsAsync(root, [s3Store], Namespace(rows), rows, seed: 2, cancellationToken);
                }

                Console.Error.WriteLine($"drift-window: {rows} rows in {local.RootUri}{(rows <= s3Rows ? " and s3rver" : "")} after {clock.Elapsed.TotalSeconds:F0} s");
            }

            var env = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["SLUICE_S3_ENDPOINT"] = s3.Endpoint,
                ["AWS_ACCESS_KEY_ID"] = "S3RVER",
                ["AWS_SECRET_ACCESS_KEY"] = "S3RVER",
            };
            output.AppendLine(CultureInfo.InvariantCulture, $"drift-window: {string.Join(", ", sizes)} rows x 30 features, window {ServingLogPartitions.Rfc3339(DriftWindowData.Start)} + {DriftWindowData.Span.TotalHours} h, shifted: {string.Join(", ", DriftWindowData.Shifted)}; each process pinned to core {Core}");
            output.AppendLine("| rows | run | wall s | CPU s (user+sys) | rows/s (wall) | rows/s (CPU) | peak RSS MB | verdict | drifted |");
            output.AppendLine("|---:|---|---:|---:|---:|---:|---:|---|---|");
            foreach (var rows in sizes)
            {
                var window = WindowArguments(rows);
                for (var round = 0; round < rounds; round++)
                {
                    var runs = new List<(string Name, Measured Run)>();
                    if (rows <= s3Rows)
                    {
                        runs.Add(("sluice, s3rver", await SluiceAsync(sluice, [.. window, "--logs", "s3://bench/logs", "--baseline", "s3://bench/logs/baseline.json",
                            "--report-out", $"s3://bench/reports/{rows}-{round}.json"], env, work, cancellationToken)));
                    }

                    string[] fileArguments = [.. window, "--logs", local.RootUri, "--baseline", baselineFile, "--report-out", Path.Combine(work, $"report-{rows}-{round}.json")];
                    // Both readers find the files in the page cache: the first one would otherwise pay the disk for both.
                    await WarmAsync(Path.Combine(work, "store"), cancellationToken);
                    var sluiceFile = await SluiceAsync(sluice, fileArguments, env, work, cancellationToken);
                    runs.Add(("sluice, file:///", sluiceFile));
                    var reference = await PythonAsync(python, Path.Combine(root, "benchmarks", "drift", "window_reference.py"),
                        [.. window, "--logs", Path.Combine(work, "store"), "--baseline", baselineFile], work, cancellationToken);
                    runs.Add(("python, same files", reference));
                    foreach (var (name, run) in runs)
                    {
                        output.AppendLine(Row(rows, name, run));
                    }

                    output.AppendLine(CultureInfo.InvariantCulture,
                        $"| {rows} | python / sluice file:/// | {reference.Wall / sluiceFile.Wall:F1}x | {reference.Cpu / sluiceFile.Cpu:F1}x | | | | {(reference.Verdict == sluiceFile.Verdict && reference.Drifted == sluiceFile.Drifted ? "agree" : "DISAGREE")} | |");
                }
            }
        }
        finally
        {
            try
            {
                if (keep is null)
                {
                    Directory.Delete(work, recursive: true);
                }
            }
            catch (IOException)
            {
                // Best effort: a temp directory.
            }
        }

        return output.ToString();
    }

    private static string Namespace(int rows) => $"bench{rows}";

    private static async Task WarmAsync(string directory, CancellationToken cancellationToken)
    {
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            await using var stream = File.OpenRead(file);
            await stream.CopyToAsync(Stream.Null, cancellationToken);
        }
    }

    private static string[] WindowArguments(int rows) =>
    [
        "--namespace", Namespace(rows), "--model", DriftWindowData.Model, "--version", DriftWindowData.Version,
        "--start", ServingLogPartitions.Rfc3339(DriftWindowData.Start), "--end", ServingLogPartitions.Rfc3339(DriftWindowData.Start + DriftWindowData.Span),
    ];

    private static string Row(int rows, string name, Measured m) => string.Create(CultureInfo.InvariantCulture,
        $"| {rows} | {name} | {m.Wall:F2} | {m.Cpu:F2} | {m.Rows / m.Wall:N0} | {m.Rows / m.Cpu:N0} | {m.PeakRssKb / 1024.0:F0} | {m.Verdict} | {m.Drifted} |");

    private static async Task<Measured> SluiceAsync(string sluice, string[] args, Dictionary<string, string> env, string work, CancellationToken cancellationToken)
    {
        var message = Path.Combine(work, "termination-message");
        File.Delete(message);
        env[Sluice.Steps.StageEnvironment.TerminationMessageVariable] = message;
        var run = await TimedAsync([sluice, "step", "drift", .. args], env, work, cancellationToken);
        var results = JsonNode.Parse(await File.ReadAllTextAsync(message, cancellationToken))!;
        var drifted = results["top"]!.AsArray().Where(f => (bool)f!["drifted"]!).Select(f => (string)f!["name"]!).Order(StringComparer.Ordinal);
        return run with { Rows = (long)results["rows"]!, Verdict = (string)results["verdict"]!, Drifted = string.Join(" ", drifted) };
    }

    private static async Task<Measured> PythonAsync(string python, string script, string[] args, string work, CancellationToken cancellationToken)
    {
        var run = await TimedAsync([python, script, .. args], new Dictionary<string, string>(StringComparer.Ordinal), work, cancellationToken);
        var results = JsonNode.Parse(run.Stdout.Trim().Split('\n')[^1])!;
        var drifted = results["drifted"]!.AsArray().Select(n => (string)n!).Order(StringComparer.Ordinal);
        return run with { Rows = (long)results["rows"]!, Verdict = (string)results["verdict"]!, Drifted = string.Join(" ", drifted) };
    }

    private static async Task<Measured> TimedAsync(string[] command, Dictionary<string, string> env, string work, CancellationToken cancellationToken)
    {
        var timeFile = Path.Combine(work, "time");
        var info = new ProcessStartInfo("/usr/bin/time") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = work };
        foreach (var arg in new[] { "-f", "%e %U %S %M", "-o", timeFile, "taskset", "-c", Core }.Concat(command))
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in env)
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromMinutes(10));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var (output, errors) = (await stdout, await stderr);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', command)} exited with {process.ExitCode}: {errors}{output}");
        }

        var t = (await File.ReadAllTextAsync(timeFile, cancellationToken)).Trim().Split('\n')[^1].Split(' ');
        double Number(int i) => double.Parse(t[i], CultureInfo.InvariantCulture);
        return new Measured(Number(0), Number(1) + Number(2), (long)Number(3), output);
    }

    private sealed record Measured(double Wall, double Cpu, long PeakRssKb, string Stdout)
    {
        public long Rows { get; init; }
        public string Verdict { get; init; } = "";
        public string Drifted { get; init; } = "";
    }
}
