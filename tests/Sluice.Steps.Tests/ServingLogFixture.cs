using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Sluice.Artifacts;

namespace Sluice.Steps.Tests;

/// <summary>
/// Serving-log rows for the drift-window tests, written as <c>sluice serve</c> writes them (docs/serving-logs.md):
/// the breast cancer test split's rows, resampled, in the hour directories of their timestamps.
/// </summary>
internal static class ServingLogFixture
{
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset End = Start.AddHours(2);

    public static string Profile => Path.Combine(AppContext.BaseDirectory, "testdata", "drift", "breast_cancer_train_profile.json");

    /// <summary>The test split without its label: 85 rows of 30 features.</summary>
    public static (string[] Names, double[][] Rows) TestSplit()
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "testdata", "drift", "breast_cancer_test.csv")).Where(l => l.Length > 0).ToArray();
        var header = lines[0].Split(',');
        var keep = header.Select((n, i) => (n, i)).Where(x => x.n != "target").Select(x => x.i).ToArray();
        return ([.. keep.Select(i => header[i])],
            [.. lines.Skip(1).Select(l => l.Split(',')).Select(cells => keep.Select(i => double.Parse(cells[i], CultureInfo.InvariantCulture)).ToArray())]);
    }

    /// <summary>
    /// <paramref name="count"/> rows from the test split in turn, <paramref name="shift"/>ed features moved by five of
    /// the profile's standard deviations, timestamped from <paramref name="at"/> a second apart.
    /// </summary>
    public static List<string> Lines(int count, DateTimeOffset at, string version = "v1", IReadOnlyCollection<string>? shift = null, Func<string, string>? rename = null)
    {
        var (names, rows) = TestSplit();
        var stds = ProfileStds();
        var lines = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var row = rows[i % rows.Length];
            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                w.WriteString("ts", at.AddSeconds(i).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
                w.WriteString("model", "bc");
                w.WriteString("version", version);
                w.WriteString("requestId", $"req-{i}");
                w.WriteNumber("row", 0);
                w.WriteStartObject("features");
                for (var j = 0; j < names.Length; j++)
                {
                    var value = shift?.Contains(names[j]) == true ? row[j] + (5 * stds[names[j]]) : row[j];
                    w.WriteNumber(rename?.Invoke(names[j]) ?? names[j], (float)value);
                }

                w.WriteEndObject();
                w.WriteStartObject("outputs");
                w.WriteNumber("probability", 0.5f);
                w.WriteEndObject();
                w.WriteEndObject();
            }

            lines.Add(Encoding.UTF8.GetString(buffer.ToArray()));
        }

        return lines;
    }

    /// <summary>Puts lines as one object named after its first row, in that row's hour directory, as the server does.</summary>
    public static async Task<string> PutAsync(IArtifactStore store, IEnumerable<string> lines, DateTimeOffset first, string version = "v1", string? suffix = null,
        bool finalNewline = true, [CallerLineNumber] int line = 0)
    {
        var key = $"serving-logs/prod/bc/{version}/{first.UtcDateTime:yyyy'/'MM'/'dd'/'HH}/{first.UtcDateTime:yyyyMMdd'T'HHmmssfff'Z'}-{suffix ?? line.ToString("x8", CultureInfo.InvariantCulture)}.jsonl";
        var text = string.Join('\n', lines) + (finalNewline ? "\n" : "");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await store.PutAsync(key, new MemoryStream(Encoding.UTF8.GetBytes(text)), cts.Token);
        return key;
    }

    private static Dictionary<string, double> ProfileStds()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Profile));
        return document.RootElement.GetProperty("features").EnumerateArray()
            .ToDictionary(f => f.GetProperty("name").GetString()!, f => f.GetProperty("std").GetDouble(), StringComparer.Ordinal);
    }
}
