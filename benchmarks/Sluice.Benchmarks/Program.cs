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

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
