#:sdk Microsoft.NET.Sdk
#:project ../../src/Sluice.Serving/Sluice.Serving.csproj
#:property TreatWarningsAsErrors=true
#:property RuntimeIdentifier=linux-x64

// The compute ceiling: in-process ONNX Runtime on one row, N threads sharing one session (as the server
// does), for a fixed time. Prints runs/s and p50/p99 per-run latency in microseconds.
using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

var model = args[0];
var seconds = double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
using var session = new InferenceSession(model, options);
var row = new float[30];
for (var i = 0; i < row.Length; i++)
{
    row[i] = (i % 7) + 0.5f;
}

foreach (var threads in args.Skip(2).Select(a => int.Parse(a, System.Globalization.CultureInfo.InvariantCulture)))
{
    var stop = Stopwatch.StartNew();
    var latencies = new List<double>[threads];
    var workers = Enumerable.Range(0, threads).Select(t => Task.Factory.StartNew(() =>
    {
        var mine = latencies[t] = [];
        var input = new List<NamedOnnxValue> { NamedOnnxValue.CreateFromTensor("input", new DenseTensor<float>(row, [1, 30])) };
        while (stop.Elapsed.TotalSeconds < seconds)
        {
            var start = Stopwatch.GetTimestamp();
            using var result = session.Run(input);
            _ = result.First().AsTensor<float>()[0, 0];
            mine.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
        }
    }, TaskCreationOptions.LongRunning)).ToArray();
    Task.WaitAll(workers);
    var all = latencies.SelectMany(l => l).Order().ToArray();
    Console.WriteLine($"ort threads={threads} runs_per_s={all.Length / stop.Elapsed.TotalSeconds:0} p50_us={all[all.Length / 2]:0.0} p99_us={all[(int)(all.Length * 0.99)]:0.0}");
}
