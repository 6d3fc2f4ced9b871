using System.Text.RegularExpressions;

namespace Sluice.Packaging.Tests;

/// <summary>
/// No image can be built here (no registry for the base images), so these check the promises the Dockerfile
/// makes to the chart: the entrypoint, a numeric non-root user, a writable /tmp only, labels and the version.
/// </summary>
public sealed partial class DockerfileTests
{
    private static readonly string Dockerfile = File.ReadAllText(RepoPaths.Combine("Dockerfile"));

    [Fact]
    public void Builds_with_the_sdk_and_runs_on_the_aspnet_runtime()
    {
        var stages = FromLine().Matches(Dockerfile).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION}", "mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION}"], stages);
        Assert.Contains("ARG DOTNET_VERSION=10.0", Dockerfile, StringComparison.Ordinal);
        Assert.Contains("dotnet publish src/Sluice.Cli/Sluice.Cli.csproj", Dockerfile, StringComparison.Ordinal);
    }

    [Fact]
    public void Entrypoint_is_sluice_for_every_role()
    {
        Assert.Contains("ENTRYPOINT [\"sluice\"]", Dockerfile, StringComparison.Ordinal);
        Assert.Contains("PATH=\"/app:${PATH}\"", Dockerfile, StringComparison.Ordinal);
    }

    [Fact]
    public void Runs_as_the_numeric_user_the_chart_expects()
    {
        var user = UserLine().Matches(Dockerfile).Last().Groups[1].Value;
        Assert.Equal("65532:65532", user);
        var values = File.ReadAllText(RepoPaths.Combine("charts", "sluice", "values.yaml"));
        Assert.Contains("runAsUser: 65532", values, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("HOME=/tmp")]
    [InlineData("TMPDIR=/tmp")]
    [InlineData("DOTNET_EnableDiagnostics=0")]
    [InlineData("org.opencontainers.image.version=\"${VERSION}\"")]
    [InlineData("org.opencontainers.image.revision=\"${REVISION}\"")]
    [InlineData("org.opencontainers.image.source=")]
    public void Runtime_stage_is_ready_for_a_read_only_root_and_labelled(string expected)
    {
        var runtime = Dockerfile[Dockerfile.LastIndexOf("FROM ", StringComparison.Ordinal)..];
        Assert.Contains(expected, runtime, StringComparison.Ordinal);
    }

    [Fact]
    public void Exposes_the_ports_the_chart_listens_on()
    {
        var exposed = ExposeLine().Match(Dockerfile).Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var values = File.ReadAllText(RepoPaths.Combine("charts", "sluice", "values.yaml"));
        var chartPorts = ChartPort().Matches(values).Select(m => m.Groups[2].Value).ToList();
        Assert.Equal(2, chartPorts.Count);
        Assert.Equal(chartPorts, exposed);
    }

    [Fact]
    public void The_example_data_sets_go_into_the_image_next_to_the_binary()
    {
        // The CLI project publishes examples/**/*.csv into /app/examples; the build stage must have them.
        var build = Dockerfile[..Dockerfile.LastIndexOf("FROM ", StringComparison.Ordinal)];
        Assert.True(build.IndexOf("COPY examples/ ./examples/", StringComparison.Ordinal) is > 0 and var copy
            && copy < build.IndexOf("dotnet publish", StringComparison.Ordinal), "the build stage copies examples/ before publishing");
        Assert.Contains("!examples/**/*.csv", File.ReadAllLines(RepoPaths.Combine(".dockerignore")));
        Assert.Contains("Include=\"../../examples/**/*.csv\"", File.ReadAllText(RepoPaths.Combine("src", "Sluice.Cli", "Sluice.Cli.csproj")), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_context_leaves_out_build_outputs_and_tools()
    {
        var ignore = File.ReadAllLines(RepoPaths.Combine(".dockerignore"));
        Assert.Equal("**", ignore.First(l => l.Length > 0 && !l.StartsWith('#')));
        Assert.Contains("**/bin/", ignore);
        Assert.Contains("**/obj/", ignore);
        Assert.Contains("!src/**", ignore);
    }

    [GeneratedRegex(@"^FROM\s+(\S+)", RegexOptions.Multiline)]
    private static partial Regex FromLine();

    [GeneratedRegex(@"^USER\s+(\S+)", RegexOptions.Multiline)]
    private static partial Regex UserLine();

    [GeneratedRegex(@"^EXPOSE\s+(.+)$", RegexOptions.Multiline)]
    private static partial Regex ExposeLine();

    // values.yaml: "metrics:\n  port: 8080" and "health:\n  port: 8081", in that order.
    [GeneratedRegex(@"^(metrics|health):\s*\n\s+port:\s*(\d+)", RegexOptions.Multiline)]
    private static partial Regex ChartPort();
}
