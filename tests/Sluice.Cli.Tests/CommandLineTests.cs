using Sluice.Testing.ApiServer;

namespace Sluice.Cli.Tests;

/// <summary>
/// What every `sluice` command does with a wrong command line, through the dispatcher as `sluice` runs it: the
/// error names the option, then the synopsis and where the help is, on standard error, with exit code 2, before
/// any work starts (nothing on standard output).
/// </summary>
public sealed class CommandLineTests : IDisposable
{
    private static readonly IReadOnlyDictionary<string, ICliCommand> Commands = CommandDispatcher.DiscoverCommands();

    // Stands in for the iris example's path in the InlineData tables.
    private const string Placeholder = "EXAMPLE";

    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-cmdline-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Example => Path.Combine(RepositoryRoot.Path, "examples", "iris", "pipeline.yaml");

    private async Task<(int Code, string Out, string Error)> Sluice(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var code = await CommandDispatcher.RunAsync(Commands, args, new CommandContext(output, error, TimeProvider.System, _dir), deadline.Token);
        return (code, output.ToString(), error.ToString());
    }

    // One unknown option per command, after whatever the command needs first.
    private static readonly string[][] UnknownOptionCases =
    [
        ["abort", "cancer-v2", "--bogus"],
        ["crds", "--bogus"],
        ["drift", "--reference", "a.csv", "--current", "b.csv", "--bogus"],
        ["operator", "--bogus"],
        ["pause", "cancer-v2", "--bogus"],
        ["profile", "data.csv", "--bogus"],
        ["promote", "cancer-v2", "--bogus"],
        ["resume", "cancer-v2", "--bogus"],
        ["retry", "cancer-v2", "--bogus"],
        ["run", Placeholder, "--bogus"],
        ["serve", "--model", "m.onnx", "--name", "m", "--bogus"],
        ["step", "train", "--bogus"],
        ["validate", "x.yaml", "--bogus"],
    ];

    public static TheoryData<string[]> UnknownOptionLines() => new(UnknownOptionCases);

    [Fact]
    public void Every_command_has_an_unknown_option_case()
    {
        Assert.Equal(Commands.Keys.Order(StringComparer.Ordinal), UnknownOptionCases.Select(c => c[0]).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(UnknownOptionLines))]
    public async Task Every_command_names_an_unknown_option_as_unknown_in_the_usage_error_form(string[] args)
    {
        var (code, output, error) = await Sluice(args.Select(a => a == Placeholder ? Example : a).ToArray());

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal("", output);
        var lines = error.TrimEnd().Split(Environment.NewLine);
        Assert.Equal($"sluice {args[0]}: unknown option --bogus", lines[0]);
        Assert.StartsWith($"Usage: sluice {args[0]}", lines[1], StringComparison.Ordinal);
        Assert.Equal($"Run \"sluice {args[0]} --help\" for every option.", lines[^1]);
    }

    [Theory]
    [InlineData(new[] { "drift", "--jsn", "--reference", "a.csv", "--current", "b.csv" }, "sluice drift: unknown option --jsn (did you mean \"--json\"?)")]
    [InlineData(new[] { "drift", "--reference", "--current", "b.csv" }, "sluice drift: option --reference needs a value")]
    [InlineData(new[] { "drift", "--reference", "a.csv", "--current", "b.csv", "--json=yes" }, "sluice drift: option --json takes no value (got \"yes\")")]
    [InlineData(new[] { "run", Placeholder, "--parallel", "2", "--plan" }, "sluice run: unknown options --parallel (did you mean \"--parallelism\"?), --plan (did you mean \"--plain\"?)")]
    [InlineData(new[] { "run", Placeholder, "-p", "x" }, "sluice run: unknown option -p")]
    [InlineData(new[] { "run", Placeholder, "--param" }, "sluice run: option --param needs a value")]
    [InlineData(new[] { "run", Placeholder, "--param", "nope=1" }, "sluice run: --param nope: the pipeline has no such parameter; its parameters: dataset, target, min-roc-auc")]
    [InlineData(new[] { "run", Placeholder, "--parallelism", "0" }, "sluice run: option --parallelism: \"0\" is not a whole number between 1 and 64")]
    [InlineData(new[] { "run" }, "sluice run: give the pipeline file: sluice run PIPELINE.yaml")]
    [InlineData(new[] { "serve", "--model", "m.onnx", "--name", "m", "extra" }, "sluice serve: unexpected argument \"extra\"")]
    [InlineData(new[] { "step", "ingest", "--target", "y", "--l2", "0.1" }, "sluice step: unknown option --l2")]
    [InlineData(new[] { "crds", "out" }, "sluice crds: unexpected argument \"out\"")]
    [InlineData(new[] { "promote" }, "sluice promote: give exactly one MODELVERSION")]
    [InlineData(new[] { "abort", "a", "b" }, "sluice abort: give exactly one MODELVERSION")]
    public async Task Argument_errors_say_what_is_wrong_before_any_work(string[] args, string expected)
    {
        var (code, output, error) = await Sluice(args.Select(a => a == Placeholder ? Example : a).ToArray());

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal("", output);
        Assert.DoesNotContain("running pipeline", output + error, StringComparison.Ordinal);
        Assert.Equal(expected, error.Split(Environment.NewLine)[0]);
        Assert.False(Directory.Exists(Path.Combine(_dir, ".sluice")), "an argument error must not start a run");
    }

    [Fact]
    public void Every_usage_starts_with_Usage_and_the_command_then_a_blank_line_after_the_synopsis()
    {
        foreach (var command in Commands.Values)
        {
            var lines = command.Usage.ReplaceLineEndings("\n").Split('\n');
            Assert.StartsWith($"Usage: sluice {command.Name}", lines[0], StringComparison.Ordinal);
            Assert.Contains(lines, l => l.Length == 0);
            Assert.DoesNotContain("usage:", command.Usage, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Help_anywhere_on_the_line_prints_the_usage_and_succeeds(string help)
    {
        foreach (var command in Commands.Values)
        {
            var (code, output, error) = await Sluice(command.Name, "x", help);
            Assert.Equal(ExitCodes.Success, code);
            Assert.Equal("", error);
            Assert.StartsWith($"Usage: sluice {command.Name}", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_top_level_help_uses_the_same_Usage_form()
    {
        var (code, output, _) = await Sluice("--help");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("Usage: sluice COMMAND [options]", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_that_starts_with_dashes_can_still_be_given_with_equals()
    {
        var (code, _, error) = await Sluice("drift", "--reference=--x.csv", "--current", "b.csv");

        // Taken as the value: the error is about that file, not about the command line.
        Assert.Equal(ExitCodes.Failure, code);
        Assert.StartsWith($"sluice drift: {Path.Combine(_dir, "--x.csv")}: no such file or directory", error, StringComparison.Ordinal);
    }
}
