using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime.Tensors;
using Sluice.Artifacts;
using Sluice.Core.Drift.Windows;
using Sluice.Core.Profiles;
using Sluice.Serving.Logging;
using Sluice.Serving.Models;
using Sluice.Serving.Protocol;

namespace Sluice.Benchmarks;

/// <summary>
/// The data of the drift-window benchmark, deterministic from a seed: 30 features drawn as normals with the breast
/// cancer training profile's means and standard deviations; a baseline profile built by <see cref="DataProfileBuilder"/>
/// from a reference sample; and serving logs of single-row requests written exactly as <c>sluice serve</c> writes
/// them (<see cref="RequestLogSerializer"/> on the real breast_cancer_mlp_v1 model's outputs), 1,000 lines a file
/// and one hour directory per UTC hour, with a few features shifted.
/// </summary>
internal static class DriftWindowData
{
    public const string Model = "bc";
    public const string Version = "v1";
    public const int LinesPerObject = 1000;

    /// <summary>Shifted in the serving logs: three by half a standard deviation, one scaled by 1.25.</summary>
    public static readonly string[] Shifted = ["mean_radius", "mean_texture", "smoothness_error", "worst_area"];

    public static readonly DateTimeOffset Start = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    /// <summary>The rows are spread evenly over four hours: the window reads four hour prefixes.</summary>
    public static readonly TimeSpan Span = TimeSpan.FromHours(4);

    public static (string[] Names, double[] Means, double[] Stds) Features(string repositoryRoot)
    {
        var profile = DataProfileJson.Deserialize(File.ReadAllText(Path.Combine(repositoryRoot, "tests", "testdata", "drift", "breast_cancer_train_profile.json")));
        var features = profile.Features.Where(f => f.Name != "target").ToArray();
        return ([.. features.Select(f => f.Name)], [.. features.Select(f => f.Mean!.Value)], [.. features.Select(f => f.Std!.Value)]);
    }

    /// <summary>The baseline: <paramref name="rows"/> unshifted rows through the profile builder.</summary>
    public static DataProfile Baseline(string repositoryRoot, int rows, ulong seed)
    {
        var (names, means, stds) = Features(repositoryRoot);
        var random = new SeededRandom(seed);
        var builder = new DataProfileBuilder();
        var columns = names.Select(builder.Feature).ToArray();
        for (var r = 0; r < rows; r++)
        {
            builder.CountRow();
            for (var j = 0; j < names.Length; j++)
            {
                columns[j].AddNumber(means[j] + (stds[j] * Normal(random)));
            }
        }

        return builder.Build();
    }

    /// <summary>Writes <paramref name="rows"/> serving-log rows to every store (the same objects under the same keys).</summary>
    public static async Task WriteLogsAsync(string repositoryRoot, IReadOnlyList<IArtifactStore> stores, string ns, int rows, ulong seed, CancellationToken cancellationToken)
    {
        var (names, means, stds) = Features(repositoryRoot);
        var shift = names.Select(n => Array.IndexOf(Shifted, n) >= 0).ToArray();
        var loader = new ModelLoader([new FileModelSource()], NullLogger<ModelLoader>.Instance, TimeSpan.FromSeconds(30), 0);
        var spec = new ModelSpec(Model, Path.Combine(repositoryRoot, "tests", "testdata", "models", "breast_cancer_mlp_v1.onnx")) { Version = Version, FeatureNames = names };
        using var model = await loader.LoadAsync(spec, cancellationToken);
        await using var runner = new ModelRunner(model);
        var random = new SeededRandom(seed);
        var redact = new HashSet<string>(StringComparer.Ordinal);
        var step = Span / rows;
        var batch = new List<(DateTimeOffset At, byte[] Line)>(LinesPerObject);
        var writes = new List<Task>();
        for (var r = 0; r < rows; r++)
        {
            var input = new float[names.Length];
            for (var j = 0; j < names.Length; j++)
            {
                var value = means[j] + (stds[j] * Normal(random));
                input[j] = (float)(!shift[j] ? value : names[j] == "worst_area" ? value * 1.25 : value + (0.5 * stds[j]));
            }

            var inputs = new[] { new TensorData("input", TensorElementType.Float, [1, names.Length], input) };
            var result = runner.RunNow(inputs, ["probability"]);
            var at = Start + (step * r);
            var requestId = random.NextUInt64().ToString("x16", CultureInfo.InvariantCulture) + random.NextUInt64().ToString("x16", CultureInfo.InvariantCulture);
            foreach (var line in RequestLogSerializer.Lines(new RequestLogEntry(model, requestId, at, inputs, result.Outputs), redact))
            {
                batch.Add((at, line));
            }

            if (batch.Count == LinesPerObject || r == rows - 1)
            {
                writes.AddRange(Objects(ns, batch, random).SelectMany(o => stores.Select(s => s.PutAsync(o.Key, new MemoryStream(o.Content), cancellationToken))));
                batch.Clear();
                if (writes.Count >= 16)
                {
                    await Task.WhenAll(writes);
                    writes.Clear();
                }
            }
        }

        await Task.WhenAll(writes);
    }

    // As RequestLogWriter flushes a batch: one object per UTC hour of the rows, all named after the batch's first row.
    private static IEnumerable<(string Key, byte[] Content)> Objects(string ns, List<(DateTimeOffset At, byte[] Line)> batch, SeededRandom random)
    {
        var first = batch[0].At.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture);
        foreach (var hour in batch.GroupBy(b => b.At.UtcDateTime.ToString("yyyy/MM/dd/HH", CultureInfo.InvariantCulture)))
        {
            var suffix = ((uint)random.NextUInt64()).ToString("x8", CultureInfo.InvariantCulture);
            yield return ($"serving-logs/{ns}/{Model}/{Version}/{hour.Key}/{first}-{suffix}.jsonl", [.. hour.SelectMany(b => b.Line)]);
        }
    }

    // Box–Muller on the seeded generator: the same numbers on every machine.
    private static double Normal(SeededRandom random) =>
        Math.Sqrt(-2 * Math.Log(random.NextOpenDouble())) * Math.Cos(2 * Math.PI * random.NextOpenDouble());
}
