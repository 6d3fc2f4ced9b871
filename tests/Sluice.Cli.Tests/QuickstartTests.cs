using System.Globalization;
using System.Text.RegularExpressions;
using Sluice.Cli.Commands;
using Sluice.Runtime.Hosting;
using Sluice.Testing.ApiServer;

namespace Sluice.Cli.Tests;

/// <summary>
/// The README's Quickstart and the docs' command lines as a newcomer copies them: every `sluice operator` line
/// parses and names the artifact bucket a run needs, and the Quickstart's servers, run side by side on one
/// machine, listen on different ports.
/// </summary>
public sealed partial class QuickstartTests
{
    private static readonly string Readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"));

    private static string QuickstartBlock()
    {
        var section = Readme[Readme.IndexOf("## Quickstart", StringComparison.Ordinal)..];
        var start = section.IndexOf("```sh", StringComparison.Ordinal) + 5;
        return section[start..section.IndexOf("```", start, StringComparison.Ordinal)];
    }

    /// <summary>The `sluice NAME ...` command lines of the sh blocks of a Markdown text, continuations joined, comments cut.</summary>
    private static IEnumerable<string[]> CommandLines(string markdown, string command)
    {
        foreach (Match block in ShBlock().Matches(markdown))
        {
            foreach (var line in block.Groups[1].Value.Replace("\\\n", " ", StringComparison.Ordinal).Split('\n'))
            {
                var code = line.Split(" #")[0].Trim();
                if (code.StartsWith($"sluice {command} ", StringComparison.Ordinal))
                {
                    yield return code.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2..];
                }
            }
        }
    }

    private static readonly string[] DocumentPaths =
        ["README.md", .. Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "docs"), "*.md").Select(f => Path.Combine("docs", Path.GetFileName(f))).Order(StringComparer.Ordinal)];

    public static TheoryData<string> Documents() => new(DocumentPaths);

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_documented_operator_command_line_parses_and_names_the_artifact_bucket(string document)
    {
        foreach (var args in CommandLines(File.ReadAllText(Path.Combine(RepositoryRoot.Path, document)), "operator"))
        {
            // Without a default bucket every run of a Pipeline that names none fails at once (NoArtifactRepository).
            var options = OperatorCommand.Parse(args, _ => null);
            Assert.False(string.IsNullOrEmpty(options.DefaultArtifactBucket), $"{document}: sluice operator {string.Join(' ', args)}");
        }
    }

    [Fact]
    public void The_operator_is_started_in_the_readme_the_operator_guide_and_the_testing_guide()
    {
        var documents = DocumentPaths.Where(d => CommandLines(File.ReadAllText(Path.Combine(RepositoryRoot.Path, d)), "operator").Any());
        Assert.Superset(new HashSet<string> { "README.md", Path.Combine("docs", "operator.md"), Path.Combine("docs", "testing.md") }, documents.ToHashSet());
    }

    [Fact]
    public void The_quickstart_servers_listen_on_different_ports()
    {
        var block = QuickstartBlock();
        var ports = new List<(int Port, string Who)>();
        foreach (var args in CommandLines($"```sh{block}```", "operator"))
        {
            var options = OperatorCommand.Parse(args, _ => null);
            foreach (var (address, flag) in new[] { (options.MetricsBindAddress, Manager.MetricsOption), (options.HealthProbeBindAddress, Manager.HealthProbeOption) })
            {
                if (BindAddress.Parse(address, flag) is { } endpoint)
                {
                    ports.Add((endpoint.Port, $"sluice operator {flag}"));
                }
            }
        }

        var defaultServePort = int.Parse(ServeDefaultPort().Match(new ServeCommand().Usage).Groups[1].Value, CultureInfo.InvariantCulture);
        foreach (var args in CommandLines($"```sh{block}```", "serve"))
        {
            var port = Array.IndexOf(args, "--port") is >= 0 and var i ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : defaultServePort;
            ports.Add((port, $"sluice serve {string.Join(' ', args)}"));
        }

        Assert.True(ports.Count >= 3, string.Join("; ", ports));
        Assert.All(ports.GroupBy(p => p.Port), g => Assert.True(g.Count() == 1, $"port {g.Key} is taken twice: {string.Join(" and ", g.Select(p => p.Who))}"));
    }

    [Fact]
    public void The_quickstart_publishes_the_cli_once_instead_of_dotnet_run_per_command()
    {
        var block = QuickstartBlock();
        Assert.Contains("dotnet publish src/Sluice.Cli -c Release -o .sluice/bin", block, StringComparison.Ordinal);
        Assert.DoesNotContain("dotnet run", block, StringComparison.Ordinal);
        Assert.DoesNotContain("alias sluice", block, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"```sh\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex ShBlock();

    [GeneratedRegex(@"--port N\s+port \(default (\d+)\)")]
    private static partial Regex ServeDefaultPort();
}
