using System.Text.Json;
using Sluice.Cli.Commands;
using Sluice.Core.Profiles;

namespace Sluice.Cli.Tests;

public sealed class ProfileCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-profile-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var exit = await new ProfileCommand().RunAsync(args, new CommandContext(output, error, TimeProvider.System, _dir), cts.Token);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Streams_quoted_multiline_fields_missing_tokens_and_crlf_into_the_same_profile_as_the_values()
    {
        var path = Path.Combine(_dir, "data.csv");
        await File.WriteAllTextAsync(path,
            "x, colour ,note\r\n1.5,red,plain\r\n2.5,\"blue\",\"two\nlines, with \"\"quotes\"\"\"\r\nNA,red,\r\n\r\n-3e2, NaN ,x\r\n");
        var (exit, output, err) = await Run("data.csv");
        Assert.True(exit == 0, err);
        var profile = DataProfileJson.Deserialize(output);
        Assert.Equal(4, profile.Rows);
        Assert.Equal(["x", "colour", "note"], profile.Features.Select(f => f.Name));

        var x = profile.Features[0];
        Assert.Equal((FeatureKind.Numeric, 3L, 1L, -300.0, 2.5), (x.Kind, x.Count, x.Missing, x.Min!.Value, x.Max!.Value));

        var colour = profile.Features[1];
        Assert.Equal(FeatureKind.Categorical, colour.Kind);
        Assert.Equal(1, colour.Missing);
        Assert.Equal([("red", 2L), ("blue", 1L)], colour.Categories!.Select(c => (c.Value, c.Count)));

        var note = profile.Features[2];
        Assert.Contains(note.Categories!, c => c.Value == "two\nlines, with \"quotes\"");
        Assert.Equal(1, note.Missing);
    }

    [Fact]
    public async Task A_record_with_the_wrong_width_is_an_error_naming_the_file_and_line()
    {
        await File.WriteAllLinesAsync(Path.Combine(_dir, "bad.csv"), ["a,b", "1,2", "3"]);
        var (exit, _, err) = await Run("bad.csv");
        Assert.Equal(1, exit);
        Assert.Contains("bad.csv: line 3 has 1 fields; the header has 2", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unclosed_quote_is_an_error_naming_the_line()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, "open.csv"), "a,b\n1,\"never closed\n2,3\n");
        var (exit, _, err) = await Run("open.csv");
        Assert.Equal(1, exit);
        Assert.Contains("open.csv: line 2: a quoted field is not closed", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Profile_json_has_the_documented_v1_fields()
    {
        await File.WriteAllLinesAsync(Path.Combine(_dir, "n.csv"), ["v", .. Enumerable.Range(1, 20).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        var (_, output, _) = await Run("n.csv");
        using var doc = JsonDocument.Parse(output);
        Assert.Equal("sluice.dev/profile/v1", doc.RootElement.GetProperty("apiVersion").GetString());
        var v = doc.RootElement.GetProperty("features")[0];
        Assert.Equal([2.9, 4.8, 6.7, 8.6, 10.5, 12.4, 14.3, 16.2, 18.1], v.GetProperty("decileEdges").EnumerateArray().Select(e => Math.Round(e.GetDouble(), 10)));
        Assert.Equal([2L, 2, 2, 2, 2, 2, 2, 2, 2, 2], v.GetProperty("decileCounts").EnumerateArray().Select(e => e.GetInt64()));
    }
}
