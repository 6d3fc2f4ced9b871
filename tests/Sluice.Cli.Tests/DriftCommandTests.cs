using System.Text.Json;
using Sluice.Cli.Commands;

namespace Sluice.Cli.Tests;

public sealed class DriftCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-drift-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly string[] IrisLines =
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "testdata", "datasets", "iris.csv"));

    private string Write(string name, IEnumerable<string> lines)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    private async Task<(int Exit, string Out, string Err)> Run(ICliCommand command, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var context = new CommandContext(output, error, TimeProvider.System, _dir);
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var exit = await command.RunAsync(args, context, cts.Token);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Same_data_has_no_drift_and_exits_0()
    {
        var a = Write("a.csv", IrisLines);
        var (exit, output, _) = await Run(new DriftCommand(), "--reference", a, "--current", a);
        Assert.Equal(0, exit);
        Assert.Contains("petal_length_cm", output, StringComparison.Ordinal);
        Assert.Contains("NO DRIFT: 0 of 5 features drifted", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task First_half_against_second_half_of_iris_drifts_exits_3_and_json_has_scipy_keys()
    {
        var a = Write("a.csv", IrisLines.Take(76));
        var b = Write("b.csv", IrisLines.Take(1).Concat(IrisLines.Skip(76)));
        var (exit, output, _) = await Run(new DriftCommand(), "--reference", a, "--current", b, "--json",
            "--feature", "petal_length_cm", "--feature", "sepal_width_cm:psi:0.25");
        Assert.Equal(3, exit);
        using var doc = JsonDocument.Parse(output);
        Assert.True(doc.RootElement.GetProperty("datasetDrift").GetBoolean());
        var features = doc.RootElement.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(["petal_length_cm", "sepal_width_cm"], features.Select(f => f.GetProperty("name").GetString()));
        var petal = features[0];
        Assert.Equal("ks", petal.GetProperty("method").GetString());
        Assert.Equal(petal.GetProperty("statistics").GetProperty("ks_pvalue").GetDouble(), petal.GetProperty("score").GetDouble());
        foreach (var key in new[] { "ks_statistic", "psi_deciles", "jensenshannon_base2_deciles", "wasserstein", "wasserstein_normed", "decile_edges" })
        {
            Assert.True(petal.GetProperty("statistics").TryGetProperty(key, out _), key);
        }

        Assert.Equal("psi", features[1].GetProperty("method").GetString());
        Assert.Equal(0.25, features[1].GetProperty("threshold").GetDouble());
    }

    [Fact]
    public async Task A_profile_reference_runs_the_binned_tests_and_says_why_wasserstein_is_absent()
    {
        var a = Write("a.csv", IrisLines);
        var (exitProfile, profile, _) = await Run(new ProfileCommand(), a);
        Assert.Equal(0, exitProfile);
        var p = Path.Combine(_dir, "a.profile.json");
        await File.WriteAllTextAsync(p, profile);
        var (exit, output, _) = await Run(new DriftCommand(), "--reference", p, "--current", a);
        Assert.Equal(0, exit);
        Assert.Contains("a profile carries only decile bins", output, StringComparison.Ordinal);
        var (exitKs, ks, _) = await Run(new DriftCommand(), "--reference", p, "--current", a, "--feature", "petal_length_cm:ks", "--json");
        Assert.Equal(0, exitKs);
        var feature = JsonDocument.Parse(ks).RootElement.GetProperty("features")[0];
        Assert.Equal("ks", feature.GetProperty("method").GetString());
        Assert.Equal(1.0, feature.GetProperty("statistics").GetProperty("ks_pvalue_deciles").GetDouble());
        var (exitW, _, err) = await Run(new DriftCommand(), "--reference", p, "--current", a, "--feature", "petal_length_cm:wasserstein");
        Assert.Equal(1, exitW);
        Assert.Contains("needs raw samples", err, StringComparison.Ordinal);
    }

    // The breast cancer example's training profile (validate step) against its own 85-row test split.
    [Fact]
    public async Task Training_profile_against_its_own_small_test_split_is_not_drift()
    {
        var data = Path.Combine(AppContext.BaseDirectory, "testdata", "drift");
        var (exit, output, err) = await Run(new DriftCommand(),
            "--reference", Path.Combine(data, "breast_cancer_train_profile.json"), "--current", Path.Combine(data, "breast_cancer_test.csv"));
        Assert.True(exit == 0, output + err);
        Assert.Contains("NO DRIFT: 0 of 31 features drifted", output, StringComparison.Ordinal);
        Assert.Contains("note: 31 features (mean_radius, mean_texture, mean_perimeter, …): a profile carries only decile bins", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_profile_artifact_without_an_extension_is_read_as_a_profile()
    {
        var a = Write("a.csv", IrisLines);
        var (_, profile, _) = await Run(new ProfileCommand(), a);
        var artifact = Path.Combine(_dir, "profile");
        await File.WriteAllTextAsync(artifact, profile);
        var (exit, output, err) = await Run(new DriftCommand(), "--reference", artifact, "--current", a);
        Assert.True(exit == 0, err);
        Assert.Contains("a profile carries only decile bins", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serving_log_directory_is_read_as_the_current_side()
    {
        var reference = Write("ref.csv", ["colour,size", "red,1", "blue,2", "red,3", "green,"]);
        var logs = Directory.CreateDirectory(Path.Combine(_dir, "logs", "2026", "11", "23", "10")).FullName;
        File.WriteAllLines(Path.Combine(logs, "a.jsonl"),
        [
            """{"ts":"2026-11-23T10:00:00Z","model":"m","version":"v1","requestId":"r","row":0,"features":{"colour":"red","size":1.5},"outputs":{"p":0.1}}""",
            """{"ts":"2026-11-23T10:00:01Z","model":"m","version":"v1","requestId":"r","row":1,"features":{"colour":"purple","size":null},"outputs":{"p":0.2}}""",
        ]);
        var (exit, output, _) = await Run(new DriftCommand(), "--reference", reference, "--current", Path.Combine(_dir, "logs"), "--json");
        Assert.True(exit is 0 or 3);
        using var doc = JsonDocument.Parse(output);
        var colour = doc.RootElement.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "colour");
        Assert.Equal("purple", colour.GetProperty("statistics").GetProperty("unseen_categories")[0].GetString());
        var size = doc.RootElement.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "size");
        Assert.Equal(0.5, size.GetProperty("missingShareCurrent").GetDouble());
        Assert.Equal(0.25, size.GetProperty("missingShareReference").GetDouble());
    }

    [Fact]
    public async Task The_label_column_a_profile_records_is_left_out()
    {
        var a = Write("a.csv", IrisLines);
        var (_, profile, _) = await Run(new ProfileCommand(), a, "--target", "target");
        Assert.Equal("target", JsonDocument.Parse(profile).RootElement.GetProperty("target").GetString());
        var p = Path.Combine(_dir, "a.profile.json");
        await File.WriteAllTextAsync(p, profile);

        var (exit, output, _) = await Run(new DriftCommand(), "--reference", p, "--current", a);

        Assert.Equal(0, exit);
        Assert.Contains("note: the label column target (the target, not a feature) is left out", output, StringComparison.Ordinal);
        Assert.Contains("NO DRIFT: 0 of 4 features drifted; data-set drift needs 2 of 4 (--share-threshold 50%); correction none", output, StringComparison.Ordinal);
        Assert.DoesNotContain(output.Split('\n'), l => l.StartsWith("target ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Target_names_the_label_column_of_plain_csv_files_and_json_says_it()
    {
        var a = Write("a.csv", IrisLines);
        var (exit, output, _) = await Run(new DriftCommand(), "--reference", a, "--current", a, "--target", "target", "--json");

        Assert.Equal(0, exit);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal("target", doc.RootElement.GetProperty("target").GetString());
        Assert.Equal(["sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm"],
            doc.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task A_label_in_the_reference_but_not_in_serving_logs_points_at_target()
    {
        var reference = Write("ref.csv", ["size,label", "1,a", "2,b", "3,a"]);
        var logs = Write("logs.jsonl", ["""{"features":{"size":1.5}}""", """{"features":{"size":2.5}}"""]);

        var (exit, _, err) = await Run(new DriftCommand(), "--reference", reference, "--current", logs);
        Assert.Equal(1, exit);
        Assert.Equal($"sluice drift: label is in the reference {reference} but not in the current data {logs}; if one is the label column, leave it out with --target NAME, or compare chosen features with --feature NAME", err.Trim());

        var (withTarget, output, _) = await Run(new DriftCommand(), "--reference", reference, "--current", logs, "--target", "label");
        Assert.True(withTarget is 0 or 3, output);
        Assert.Contains("features drifted", output, StringComparison.Ordinal);
    }

    // Four of the breast cancer test split's 30 features scaled by 1.8: plainly shifted, but below the 50% share rule.
    [Fact]
    public async Task A_few_drifted_features_below_the_share_rule_say_so_and_how_to_fail_on_any()
    {
        var data = Path.Combine(AppContext.BaseDirectory, "testdata", "drift");
        var lines = File.ReadAllLines(Path.Combine(data, "breast_cancer_test.csv"));
        var shifted = Write("shifted.csv", lines.Take(1).Concat(lines.Skip(1).Select(l =>
        {
            var cells = l.Split(',');
            for (var i = 0; i < 4; i++)
            {
                cells[i] = (double.Parse(cells[i], System.Globalization.CultureInfo.InvariantCulture) * 1.8).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            }

            return string.Join(',', cells);
        })));
        var profile = Path.Combine(data, "breast_cancer_train_profile.json");

        var (exit, output, _) = await Run(new DriftCommand(), "--reference", profile, "--current", shifted, "--target", "target");
        Assert.Equal(0, exit);
        Assert.EndsWith(
            "NO DATA-SET DRIFT: 4 of 30 features drifted (13.3%), but data-set drift needs 15 of 30 (--share-threshold 50%); correction none. To fail on any drifted feature, give --share-threshold 0",
            output.TrimEnd(), StringComparison.Ordinal);

        var (anyExit, anyOutput, _) = await Run(new DriftCommand(), "--reference", profile, "--current", shifted, "--target", "target", "--share-threshold", "0");
        Assert.Equal(ExitCodes.DriftDetected, anyExit);
        Assert.EndsWith("DRIFT: 4 of 30 features drifted (13.3%); data-set drift needs 1 of 30 (--share-threshold 0%); correction none", anyOutput.TrimEnd(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--feature", "x:nope", "method \"nope\"")]
    [InlineData("--correction", "holm", "--correction")]
    [InlineData("--bogus", "1", "unknown option --bogus")]
    public async Task Bad_command_lines_are_usage_errors(string option, string value, string message)
    {
        var a = Write("a.csv", IrisLines);
        var ex = await Assert.ThrowsAsync<UsageException>(() => Run(new DriftCommand(), "--reference", a, "--current", a, option, value));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_file_is_an_error_naming_it()
    {
        var a = Write("a.csv", IrisLines);
        var (exit, _, err) = await Run(new DriftCommand(), "--reference", a, "--current", Path.Combine(_dir, "missing.csv"));
        Assert.Equal(1, exit);
        Assert.Contains("missing.csv", err, StringComparison.Ordinal);
    }
}
