using System.Text;
using Sluice.Core.Drift.Windows;

namespace Sluice.Core.Tests.Drift.Windows;

public sealed class ServingLogLineParserTests
{
    private const string Head = """{"ts":"2026-11-23T10:15:00.123Z","model":"bc","version":"v1","requestId":"r","row":0,""";

    private static ServingLogLineParser Parser() =>
        new(WindowTestProfiles.Features(), "bc", "v1", WindowTestProfiles.Start, WindowTestProfiles.End);

    [Theory]
    [InlineData(Head + "\"features\":{\"a\":1,\"b\":2,\"c\":\"red\"},\"outputs\":{\"p\":[0.1,0.9]}}", LineKind.Row)]
    [InlineData("""{"features":{"a":1},"version":"v1","ts":"2026-11-23T10:15:00Z","model":"bc"}""", LineKind.Row)]
    [InlineData("""{"ts":"2026-11-23T12:15:00.000+02:00","model":"bc","version":"v1","features":{}}""", LineKind.Row)]
    [InlineData("""{"ts":"2026-11-23T10:00:00.000Z","model":"bc","version":"v1","features":{}}""", LineKind.Row)]
    [InlineData("""{"ts":"2026-11-23T11:00:00.000Z","model":"bc","version":"v1","features":{}}""", LineKind.OutsideWindow)]
    [InlineData("""{"ts":"2026-11-23T09:59:59.999Z","model":"bc","version":"v1","features":{}}""", LineKind.OutsideWindow)]
    [InlineData("""{"ts":"2026-11-23T10:15:00.000Z","model":"bc","version":"v2","features":{}}""", LineKind.OtherVersion)]
    [InlineData("""{"ts":"2026-11-23T10:15:00.000Z","model":"other","version":"v1","features":{}}""", LineKind.OtherVersion)]
    [InlineData("""{"ts":"2026-11-23T10:15:00.000Z","version":"v1","features":{}}""", LineKind.OtherVersion)]
    [InlineData("""{"ts":"2026-11-23T10:15:00.000Z","model":"bc","version":"v1"}""", LineKind.Invalid)]
    [InlineData("""{"ts":"2026-11-23T10:15:00.000Z","model":"bc","version":"v1","features":[1,2]}""", LineKind.Invalid)]
    [InlineData("""{"ts":1700000000,"model":"bc","version":"v1","features":{}}""", LineKind.Invalid)]
    [InlineData("""{"ts":"2026-13-23T10:15:00.000Z","model":"bc","version":"v1","features":{}}""", LineKind.Invalid)]
    [InlineData("""{"ts":"2026-02-30T10:15:00.000Z","model":"bc","version":"v1","features":{}}""", LineKind.Invalid)]
    [InlineData("""{"ts":"yesterday","model":"bc","version":"v1","features":{}}""", LineKind.Invalid)]
    [InlineData("""{"model":"bc","version":"v1","features":{}}""", LineKind.Invalid)]
    [InlineData(Head + "\"features\":{\"a\":1,\"b\":2,\"c\":\"r", LineKind.Invalid)]
    [InlineData(Head + "\"features\":{\"a\":1}} trailing", LineKind.Invalid)]
    [InlineData(Head + "\"features\":{\"a\":1}}{\"ts\":\"x\"}", LineKind.Invalid)]
    [InlineData(Head + "\"outputs\":{\"features\":{\"a\":1}}}", LineKind.Invalid)]
    [InlineData(Head + "\"features\":{\"a\":[1,2}}}", LineKind.Invalid)]
    [InlineData(Head + "\"features\":{\"a\":1}]", LineKind.Invalid)]
    [InlineData(Head + "\"x\":\"a{b\",\"features\":{\"a\":1}}", LineKind.Row)]
    [InlineData("""{"ts":"2026-11-23T10:15:00.123Z","model":"bc","version":"v1","requestId":"r\"q","features":{"a":1}}""", LineKind.Row)]
    [InlineData(Head + "\"features\":{\"a\":1}}  ", LineKind.Row)]
    [InlineData("""[1,2,3]""", LineKind.Invalid)]
    [InlineData("""garbage""", LineKind.Invalid)]
    [InlineData("\u0000\u0001", LineKind.Invalid)]
    [InlineData("", LineKind.Blank)]
    [InlineData("  \r", LineKind.Blank)]
    public void Lines_are_classified(string line, LineKind kind)
    {
        var parser = Parser();
        var bytes = Encoding.UTF8.GetBytes(line);
        Assert.Equal(kind, parser.Parse(bytes, null));
        Assert.Equal(kind, parser.Parse(bytes, new WindowRow(2, 1)));
    }

    [Fact]
    public void A_bad_number_in_a_whole_line_is_found_when_the_row_is_sampled_and_not_looked_for_when_it_is_passed_over()
    {
        var line = Encoding.UTF8.GetBytes(Head + "\"features\":{\"a\":1x}}");
        Assert.Equal(LineKind.Row, Parser().Parse(line, null));
        Assert.Equal(LineKind.Invalid, Parser().Parse(line, new WindowRow(2, 1)));
    }

    [Theory]
    [InlineData("""{"a":1.5,"b":-2e3,"c":"red"}""", 1.5, -2000.0, "red")]
    [InlineData("""{"c":"blue","b":7,"a":3}""", 3.0, 7.0, "blue")]
    [InlineData("""{"a":null,"b":"4.25","c":null}""", double.NaN, 4.25, null)]
    [InlineData("""{"a":"n/a","b":true,"c":12}""", double.NaN, 1.0, "12")]
    [InlineData("""{"a":[1,2],"b":{"x":1},"c":false}""", double.NaN, double.NaN, "false")]
    [InlineData("""{"unknown":1,"a":2}""", 2.0, double.NaN, null)]
    [InlineData("""{"\u0061":5,"b":1e400}""", 5.0, double.NaN, null)]
    [InlineData("""{}""", double.NaN, double.NaN, null)]
    public void Values_go_to_their_slots_and_anything_else_is_missing(string features, double a, double b, string? c)
    {
        var row = new WindowRow(2, 1);
        var line = Encoding.UTF8.GetBytes("""{"ts":"2026-11-23T10:15:00.000Z","model":"bc","version":"v1","features":""" + features + "}");
        Assert.Equal(LineKind.Row, Parser().Parse(line, row));
        Assert.Equal(a, row.Numeric[0]);
        Assert.Equal(b, row.Numeric[1]);
        Assert.Equal(c, row.Categorical[0]);
    }

    [Fact]
    public void A_line_clears_what_the_previous_one_left_and_orders_may_change_between_lines()
    {
        var parser = Parser();
        var row = new WindowRow(2, 1);
        parser.Parse("""{"ts":"2026-11-23T10:15:00.000Z","model":"bc","version":"v1","features":{"a":1,"b":2,"c":"red"}}"""u8, row);
        parser.Parse("""{"ts":"2026-11-23T10:15:00.000Z","model":"bc","version":"v1","features":{"b":3,"zz":1}}"""u8, row);
        Assert.Equal(new[] { double.NaN, 3.0 }, row.Numeric);
        Assert.Null(row.Categorical[0]);
        parser.Parse("""{"ts":"2026-11-23T10:15:00.000Z","model":"bc","version":"v1","features":{"a":4,"b":5}}"""u8, row);
        Assert.Equal(new[] { 4.0, 5.0 }, row.Numeric);
        Assert.Equal(new[] { "a", "b", "c", "zz" }, parser.SeenNames);
    }

    [Fact]
    public void Window_bounds_below_a_millisecond_round_up_as_the_logs_do_not_have_them()
    {
        var start = WindowTestProfiles.Start.AddTicks(1);
        var parser = new ServingLogLineParser(WindowTestProfiles.Features(), "bc", "v1", start, WindowTestProfiles.End.AddTicks(1));
        Assert.Equal(LineKind.OutsideWindow, parser.Parse("""{"ts":"2026-11-23T10:00:00.000Z","model":"bc","version":"v1","features":{}}"""u8, null));
        Assert.Equal(LineKind.Row, parser.Parse("""{"ts":"2026-11-23T10:00:00.001Z","model":"bc","version":"v1","features":{}}"""u8, null));
        Assert.Equal(LineKind.Row, parser.Parse("""{"ts":"2026-11-23T11:00:00.000Z","model":"bc","version":"v1","features":{}}"""u8, null));
    }
}
