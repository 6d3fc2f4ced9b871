using Sluice.Cli.Commands;

namespace Sluice.Cli.Tests;

public sealed class OperatorCommandTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    [Fact]
    public void Defaults_match_the_documented_ones()
    {
        var options = OperatorCommand.Parse([], NoEnvironment);

        Assert.Null(options.Kubeconfig);
        Assert.Empty(options.Namespaces);
        Assert.False(options.LeaderElect);
        Assert.Equal("sluice-operator", options.LeaderElectionId);
        Assert.Equal("0", options.MetricsBindAddress);
        Assert.Equal(":8081", options.HealthProbeBindAddress);
        Assert.Equal(4, options.Workers);
    }

    [Fact]
    public void Every_flag_is_read()
    {
        var options = OperatorCommand.Parse(
        [
            "--kubeconfig", "/tmp/kc", "--namespaces", "ml, staging,ml", "--leader-elect",
            "--leader-election-namespace", "sluice-system", "--leader-election-id", "lease",
            "--metrics-bind-address", "127.0.0.1:9090", "--health-probe-bind-address=:9091", "--workers", "8",
            "--default-artifact-endpoint", "http://s3:9000", "--default-artifact-bucket", "art",
            "--default-artifact-secret", "s3-creds", "--step-image", "sluice:1", "--serving-image", "serve:1",
        ], NoEnvironment);

        Assert.Equal("/tmp/kc", options.Kubeconfig);
        Assert.Equal(["ml", "staging"], options.Namespaces);
        Assert.True(options.LeaderElect);
        Assert.Equal("sluice-system", options.LeaderElectionNamespace);
        Assert.Equal("lease", options.LeaderElectionId);
        Assert.Equal("127.0.0.1:9090", options.MetricsBindAddress);
        Assert.Equal(":9091", options.HealthProbeBindAddress);
        Assert.Equal(8, options.Workers);
        Assert.Equal("http://s3:9000", options.DefaultArtifactEndpoint);
        Assert.Equal("art", options.DefaultArtifactBucket);
        Assert.Equal("s3-creds", options.DefaultArtifactSecret);
        Assert.Equal("sluice:1", options.StepImage);
        Assert.Equal("serve:1", options.ServingImage);
    }

    [Fact]
    public void Environment_variables_stand_in_for_flags_and_the_command_line_wins()
    {
        var environment = new Dictionary<string, string>
        {
            ["SLUICE_WORKERS"] = "2",
            ["SLUICE_LEADER_ELECT"] = "true",
            ["SLUICE_NAMESPACES"] = "a,b",
            ["SLUICE_DEFAULT_ARTIFACT_BUCKET"] = "from-env",
        };

        var options = OperatorCommand.Parse(["--default-artifact-bucket", "from-flag"], environment.GetValueOrDefault);

        Assert.Equal(2, options.Workers);
        Assert.True(options.LeaderElect);
        Assert.Equal(["a", "b"], options.Namespaces);
        Assert.Equal("from-flag", options.DefaultArtifactBucket);
    }

    [Theory]
    [InlineData(new[] { "--workers", "0" }, "--workers")]
    [InlineData(new[] { "--workers", "many" }, "--workers")]
    [InlineData(new[] { "--metrics-bind-address", "8080" }, "--metrics-bind-address")]
    [InlineData(new[] { "--health-probe-bind-address", "example.com:80" }, "--health-probe-bind-address")]
    [InlineData(new[] { "--leader-elect-id", "x" }, "unknown option --leader-elect-id")]
    [InlineData(new[] { "extra" }, "takes no arguments")]
    public void Bad_values_are_usage_errors_naming_the_option(string[] args, string expected)
    {
        var error = Assert.Throws<UsageException>(() => OperatorCommand.Parse(args, NoEnvironment));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_environment_value_names_the_variable()
    {
        var error = Assert.Throws<UsageException>(
            () => OperatorCommand.Parse([], name => name == "SLUICE_LEADER_ELECT" ? "maybe" : null));
        Assert.Contains("SLUICE_LEADER_ELECT", error.Message, StringComparison.Ordinal);
    }
}
