using BenchmarkDotNet.Running;

// `dotnet run -c Release --project benchmarks/Sluice.Benchmarks -- --filter '*Name*'`; results go to benchmarks/README.md.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
