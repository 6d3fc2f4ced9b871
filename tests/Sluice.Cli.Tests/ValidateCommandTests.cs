using Sluice.Cli.Commands;

namespace Sluice.Cli.Tests;

public sealed class ValidateCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-validate-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<(int Code, string Out)> Run(params string[] args)
    {
        var output = new StringWriter();
        var context = new CommandContext(output, output, TimeProvider.System, _dir);
        var code = await new ValidateCommand().RunAsync(args, context, CancellationToken.None);
        return (code, output.ToString());
    }

    [Fact]
    public async Task Prints_every_error_with_file_kind_and_name_and_fails()
    {
        File.WriteAllText(Path.Combine(_dir, "p.yaml"), """
            apiVersion: sluice.dev/v1alpha1
            kind: Pipeline
            metadata: {name: demo}
            spec:
              stages:
                - {name: train, image: img}
                - {name: evaluate, image: img, dependsOn: [trian]}
            ---
            apiVersion: sluice.dev/v1alpha1
            kind: DriftMonitor
            metadata: {name: dm}
            spec: {model: demo, interval: soon}
            """);
        var (code, output) = await Run("p.yaml");
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("p.yaml: Pipeline/demo: spec.stages[1].dependsOn[0]: stage \"trian\" does not exist (did you mean \"train\"?)", output, StringComparison.Ordinal);
        Assert.Contains("p.yaml: DriftMonitor/dm: spec.interval: \"soon\" is not a duration", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prints_a_summary_per_valid_resource()
    {
        File.WriteAllText(Path.Combine(_dir, "ok.yaml"), """
            apiVersion: sluice.dev/v1alpha1
            kind: Pipeline
            metadata: {name: demo}
            spec:
              stages: [{name: train, image: img}]
            """);
        var (code, output) = await Run(".");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("ok.yaml: Pipeline/demo: valid", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_field_does_not_hide_the_other_errors_of_the_same_document()
    {
        File.WriteAllText(Path.Combine(_dir, "p.yaml"), """
            apiVersion: sluice.dev/v1alpha1
            kind: Pipeline
            metadata: {name: Bad_Name}
            spec:
              stages:
                - {name: a, image: sluice, dependsOn: [b], comand: [x]}
                - {name: b, image: sluice, dependsOn: [a]}
            """);
        var (code, output) = await Run("p.yaml");

        Assert.Equal(ExitCodes.Failure, code);
        Assert.Equal(
        [
            "p.yaml:6:48: Pipeline/Bad_Name: spec.stages[0].comand: unknown field \"comand\" (did you mean \"command\"?)",
            "p.yaml: Pipeline/Bad_Name: metadata.name: \"Bad_Name\" is not a valid name (DNS-1123 label): use lower-case letters, digits and '-', starting and ending with a letter or digit",
            "p.yaml: Pipeline/Bad_Name: spec.stages[0].dependsOn: dependency cycle a -> b -> a; remove one of these dependencies",
            "0 valid, 1 invalid",
        ], output.TrimEnd().Split(Environment.NewLine));
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_is_reported_once_not_again_as_missing()
    {
        File.WriteAllText(Path.Combine(_dir, "p.yaml"), "apiVersion: sluice.dev/v1alpha1\nkind: Pipeline\nmetadata: {name: p}\nspec:\n  stages: 5\n");
        var (_, output) = await Run("p.yaml");

        Assert.Equal(["p.yaml:5:11: Pipeline/p: spec.stages: expected a list, got \"5\"", "0 valid, 1 invalid"], output.TrimEnd().Split(Environment.NewLine));
    }

    [Theory]
    [InlineData("metadata: {name: p\nspec:\n  stages: []\n", "p.yaml:3:11: (unknown kind)/(no name): YAML syntax error: this \"{\" is never closed; add \"}\" before line 4, column 1, where the parser gave up")]
    [InlineData("spec:\n  stages:\n    - [1, 2\n    - 3\n", "p.yaml:5:7: (unknown kind)/(no name): YAML syntax error: this \"[\" is never closed; add \"]\" before line 6, column 5, where the parser gave up")]
    [InlineData("spec:\n  stages:\n    - {name: a, image: [sluice}\n", "p.yaml:5:31: (unknown kind)/(no name): YAML syntax error: While parsing a flow sequence, did not find expected ',' or ']'. The \"[\" at line 5, column 24 is still open.")]
    [InlineData("spec:\n  stages:\n    - {name: a, image: \"sluice\n", "p.yaml:5:24: (unknown kind)/(no name): YAML syntax error: While scanning a quoted scalar, found unexpected end of stream.")]
    [InlineData("metadata: {name: \"a[b\", x: '{'}\nspec: {stages: [a}\n", "p.yaml:4:18: (unknown kind)/(no name): YAML syntax error: While parsing a flow sequence, did not find expected ',' or ']'. The \"[\" at line 4, column 16 is still open.")]
    public async Task Every_YAML_syntax_error_has_its_line_and_column_and_says_what_is_wrong(string rest, string expected)
    {
        File.WriteAllText(Path.Combine(_dir, "p.yaml"), "apiVersion: sluice.dev/v1alpha1\nkind: Pipeline\n" + rest);
        var (code, output) = await Run("p.yaml");

        Assert.Equal(ExitCodes.Failure, code);
        Assert.Equal(expected, output.Split(Environment.NewLine)[0]);
        Assert.DoesNotContain("Operation is not valid", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Needs_a_file() => await Assert.ThrowsAsync<UsageException>(() => Run());
}
