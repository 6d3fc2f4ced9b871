using System.Globalization;
using Sluice.OperatorLoad;

// dotnet run -c Release --project benchmarks/Sluice.OperatorLoad -- [--runs 1000] [--workers 4]
// dotnet run -c Release --project benchmarks/Sluice.OperatorLoad -- canary-writes
// Results go to benchmarks/README.md, sections "Operator" and "Canary rollouts".
if (args is ["canary-writes"])
{
    using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(10));
    Console.WriteLine((await CanaryWritesRun.RunAsync(limit.Token)).ToMarkdown());
    return 0;
}

var runs = 1000;
var workers = 4;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--runs" when i + 1 < args.Length:
            runs = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--workers" when i + 1 < args.Length:
            workers = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        default:
            Console.Error.WriteLine($"unknown option {args[i]}; usage: [--runs N] [--workers N]");
            return 2;
    }
}

using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(30));
var result = await OperatorLoadRun.RunAsync(runs, workers, deadline.Token);
Console.WriteLine(result.ToMarkdown());
return 0;
