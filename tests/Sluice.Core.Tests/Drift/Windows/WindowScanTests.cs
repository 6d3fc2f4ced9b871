using System.Globalization;
using System.Text;
using Sluice.Core.Drift.Windows;

namespace Sluice.Core.Tests.Drift.Windows;

public sealed class WindowScanTests
{
    private static WindowScan Scan(int maxSamples = 1000) =>
        new(WindowTestProfiles.Features(), new WindowScanSettings("bc", "v1", WindowTestProfiles.Start, WindowTestProfiles.End, maxSamples, "seed"));

    private static string Row(int i, string version = "v1", string minute = "15") => string.Create(CultureInfo.InvariantCulture,
        $$$"""{"ts":"2026-11-23T10:{{{minute}}}:00.000Z","model":"bc","version":"{{{version}}}","requestId":"r{{{i}}}","row":0,"features":{"a":{{{i % 100}}},"b":{{{(i * 7) % 50}}},"c":"{{{(i % 3 == 0 ? "red" : "blue")}}}"},"outputs":{"p":0.5}}""");

    private static void Feed(WindowScan scan, IEnumerable<string> lines, string key = "k")
    {
        var n = 0;
        foreach (var line in lines)
        {
            scan.Line(Encoding.UTF8.GetBytes(line), key, ++n);
        }
    }

    private static WindowReport Header(int minSamples = 100) => new()
    {
        Namespace = "prod", Model = "bc", Version = "v1", Start = "s", End = "e", Logs = "l", Baseline = "b",
        MinSamples = minSamples, MaxSamples = 1000, Seed = "seed", ShareThreshold = 0.5,
    };

    [Theory]
    [InlineData(1000, 0, 0, 0, 1000)]
    [InlineData(1000, 5, 3, 2, 1000)]
    [InlineData(300, 5, 3, 2, 300)]
    public void Lines_are_counted_by_kind_and_rows_sampled_up_to_the_maximum(int rows, int invalid, int outside, int other, int sampled)
    {
        var scan = Scan(maxSamples: sampled);
        var lines = Enumerable.Range(0, rows).Select(i => Row(i))
            .Concat(Enumerable.Range(0, invalid).Select(i => "{\"ts\":\"2026-11-23T10:15:00.000Z\",\"features\":{\"a\":"))
            .Concat(Enumerable.Range(0, outside).Select(i => Row(i, minute: "15").Replace("T10:", "T12:", StringComparison.Ordinal)))
            .Concat(Enumerable.Range(0, other).Select(i => Row(i, version: "v0")))
            .Append("");
        Feed(scan, lines);
        var counts = scan.Counts;
        Assert.Equal((rows, invalid, outside, other, sampled), (counts.Rows, counts.Invalid, counts.OutsideWindow, counts.OtherVersion, counts.Sampled));
        Assert.Equal(invalid == 0 ? null : new LinePosition("k", rows + 1), scan.FirstInvalid);
    }

    [Fact]
    public void A_full_window_is_judged_and_the_same_lines_give_the_same_report()
    {
        var first = Scan(200);
        var second = Scan(200);
        Feed(first, Enumerable.Range(0, 5000).Select(i => Row(i)));
        Feed(second, Enumerable.Range(0, 5000).Select(i => Row(i)));
        var a = WindowEvaluation.Evaluate(first, Header());
        var b = WindowEvaluation.Evaluate(second, Header());
        Assert.Equal(WindowVerdicts.Clean, a.Verdict);
        Assert.Equal(3, a.Drift!.Features.Count);
        Assert.Equal(a.Drift.Features.Select(f => f.Score), b.Drift!.Features.Select(f => f.Score));
        Assert.Equal(200, a.Drift.Features[0].CurrentCount);
    }

    [Fact]
    public void Fewer_rows_than_the_minimum_run_no_test()
    {
        var scan = Scan();
        Feed(scan, Enumerable.Range(0, 99).Select(i => Row(i)));
        var report = WindowEvaluation.Evaluate(scan, Header(minSamples: 100));
        Assert.Equal(WindowVerdicts.InsufficientData, report.Verdict);
        Assert.Null(report.Drift);
        Assert.Equal(99, report.Counts.Rows);
    }

    [Theory]
    [InlineData(100, 100, false)]
    [InlineData(100, 101, true)]
    [InlineData(0, 1, true)]
    public void More_invalid_than_valid_lines_is_an_error_naming_an_example(int valid, int invalid, bool fails)
    {
        var scan = Scan();
        Feed(scan, Enumerable.Range(0, valid).Select(i => Row(i)).Concat(Enumerable.Range(0, invalid).Select(_ => "not json")), "serving-logs/x/1.jsonl");
        if (!fails)
        {
            Assert.Equal(WindowVerdicts.Clean, WindowEvaluation.Evaluate(scan, Header()).Verdict);
            return;
        }

        var error = Assert.Throws<InvalidDataException>(() => WindowEvaluation.Evaluate(scan, Header()));
        Assert.Contains($"{invalid} of the {valid + invalid} lines", error.Message, StringComparison.Ordinal);
        Assert.Contains($"line {valid + 1} of serving-logs/x/1.jsonl", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Features_the_logs_never_name_are_an_error_naming_both_sides()
    {
        var scan = Scan();
        Feed(scan, Enumerable.Range(0, 200).Select(i =>
            $$$"""{"ts":"2026-11-23T10:15:00.000Z","model":"bc","version":"v1","features":{"input_0":{{{i}}},"input_1":1,"c":"red"}}"""));
        var error = Assert.Throws<InvalidDataException>(() => WindowEvaluation.Evaluate(scan, Header()));
        Assert.Contains("2 of the 3 compared features have no value in any of the 200 sampled rows (a, b)", error.Message, StringComparison.Ordinal);
        Assert.Contains("the logs' rows name input_0, input_1, c (3 names)", error.Message, StringComparison.Ordinal);
        Assert.Contains("--feature-names", error.Message, StringComparison.Ordinal);
    }
}
