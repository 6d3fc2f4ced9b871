using BenchmarkDotNet.Running;
using Sluice.Benchmarks;

// `dotnet run -c Release --project benchmarks/Sluice.Benchmarks -- --filter '*Name*'`; results go to benchmarks/README.md.
// `... -- write-heavy-mlp PATH [HIDDEN]` writes the serving benchmark's heavy model instead.
if (args.Length >= 2 && args[0] == "write-heavy-mlp")
{
    var hidden = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1024;
    await File.WriteAllBytesAsync(args[1], HeavyMlpWriter.Write(hidden, seed: 6));
    Console.WriteLine($"wrote {args[1]}: 30 -> {hidden} -> {hidden} -> 1");
    return;
}

// `... -- canary-analysis [--rollouts 50] [--intervals 40] [--sluice PATH]`: canary analysis cost per pod read.
if (args is ["canary-traffic", var trafficPort])
{
    await CanaryAnalysisLoad.TrafficLoopAsync(int.Parse(trafficPort, System.Globalization.CultureInfo.InvariantCulture));
    return;
}

if (args.Length >= 1 && args[0] == "canary-analysis")
{
    using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(10));
    Console.WriteLine(await CanaryAnalysisLoad.RunAsync(
        Option("--sluice", Path.GetFullPath("src/Sluice.Cli/bin/Release/net10.0/linux-x64/sluice")),
        int.Parse(Option("--rollouts", "50"), System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(Option("--intervals", "40"), System.Globalization.CultureInfo.InvariantCulture), limit.Token));
    return;
}

// `... -- drift-window [--rows 1000000,250000,50000] [--s3-rows 50000] [--rounds 1] [--sluice PATH] [--python /usr/bin/python3] [--keep DIR]`: one drift
// window through `sluice step drift` (s3rver and file:///) and the Python reference, side by side.
if (args.Length >= 1 && args[0] == "drift-window")
{
    using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(60));
    Console.WriteLine(await DriftWindowBenchmark.RunAsync(
        Option("--sluice", Path.GetFullPath("src/Sluice.Cli/bin/Release/net10.0/linux-x64/sluice")),
        Option("--python", "/usr/bin/python3"),
        [.. Option("--rows", "1000000,250000,50000").Split(',').Select(r => int.Parse(r, System.Globalization.CultureInfo.InvariantCulture))],
        int.Parse(Option("--s3-rows", "50000"), System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(Option("--rounds", "1"), System.Globalization.CultureInfo.InvariantCulture),
        Array.IndexOf(args, "--keep") >= 0 ? Option("--keep", "") : null, limit.Token));
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

string Option(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
