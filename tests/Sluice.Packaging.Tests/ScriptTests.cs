namespace Sluice.Packaging.Tests;

/// <summary>The shell-level packaging checks, run from the test suite so hack/test.sh and CI run them.</summary>
public sealed class ScriptTests
{
    [Fact]
    public async Task Helm_chart_lints_strictly_for_every_values_variant()
    {
        var result = await ToolRunner.CheckPackagingAsync("lint");
        result.AssertSuccess("helm lint");
        Assert.DoesNotContain("[WARNING]", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("[ERROR]", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Argo_cd_health_checks_and_resource_actions_pass_their_tests_in_lua()
    {
        var result = await ToolRunner.CheckPackagingAsync("lua");
        result.AssertSuccess("Lua health check and resource action tests");
        // One summary line from the health check runner, one from the resource action runner.
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(result.Output, @"\b[1-9][0-9]* passed, 0 failed").Count);
    }

    [Fact]
    public async Task Lua_tests_fail_when_a_health_check_is_wrong()
    {
        // A copy of the checks with a PipelineRun script that calls every run healthy must fail its tests.
        var copy = Path.Combine(Path.GetTempPath(), "sluice-health-" + Guid.NewGuid().ToString("N"));
        try
        {
            var source = RepoPaths.Combine("deploy", "argocd", "health");
            Directory.CreateDirectory(Path.Combine(copy, "tests"));
            foreach (var file in Directory.GetFiles(source, "*.lua", SearchOption.AllDirectories))
            {
                File.Copy(file, Path.Combine(copy, Path.GetRelativePath(source, file)));
            }

            await File.WriteAllTextAsync(Path.Combine(copy, "pipelinerun.lua"), "return { status = \"Healthy\", message = \"ok\" }\n");
            var result = await ToolRunner.RunAsync("lua5.4", [Path.Combine(copy, "tests", "run.lua")], TimeSpan.FromMinutes(1));
            Assert.Equal(1, result.ExitCode);
            Assert.Contains("FAIL pipelinerun: failed", result.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [Fact]
    public async Task Argocd_cm_patch_carries_the_current_health_scripts()
    {
        var result = await ToolRunner.CheckPackagingAsync("argocd-cm");
        result.AssertSuccess("argocd-cm freshness check");
    }

    [Theory]
    [InlineData("operator.workers=0", "minimum")]
    [InlineData("operator.watchNamespaces={Team_A}", "pattern")]
    [InlineData("image.pullPolicy=Sometimes", "must be one of")]
    [InlineData("rbac.wildcard=true", "additional properties")]
    public async Task Values_schema_rejects_bad_values_with_the_field_path(string set, string expected)
    {
        var helm = RepoPaths.Combine(".tools", "bin", "helm");
        var result = await ToolRunner.RunAsync(File.Exists(helm) ? helm : "helm",
            ["template", "sluice", RepoPaths.Combine("charts", "sluice"), "--set", set], TimeSpan.FromMinutes(1));
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(expected, result.Output, StringComparison.Ordinal);
        Assert.Contains(set.Split('=')[0].Split('.')[^1], result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Skipped_tests_are_listed_with_their_reasons_from_the_trx_files()
    {
        // As the TRX logger writes them (one file per test project): xunit's skip reason is Output/ErrorInfo/Message.
        static string Result(string name, string outcome, string? reason) => reason is null
            ? $"""    <UnitTestResult executionId="x" testId="y" testName="{name}" computerName="vm" outcome="{outcome}" testListId="z" />"""
            : $"""
                <UnitTestResult executionId="x" testId="y" testName="{name}" computerName="vm" duration="00:00:00.0010000" outcome="{outcome}" testListId="z">
                  <Output>
                    <ErrorInfo>
                      <Message>{reason}</Message>
                    </ErrorInfo>
                  </Output>
                </UnitTestResult>
            """;
        var dir = Directory.CreateTempSubdirectory("sluice-trx-").FullName;
        try
        {
            const string NoCluster = "no cluster: set SLUICE_E2E_KUBECONFIG";
            await File.WriteAllTextAsync(Path.Combine(dir, "a.trx"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <TestRun id="1" name="a" xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
                  <Results>
                {Result("E2E.A", "NotExecuted", NoCluster)}
                {Result("E2E.B", "NotExecuted", NoCluster)}
                {Result("E2E.C", "NotExecuted", NoCluster)}
                {Result("E2E.D", "NotExecuted", NoCluster)}
                {Result("Unit.Passes", "Passed", null)}
                  </Results>
                </TestRun>
                """);
            await File.WriteAllTextAsync(Path.Combine(dir, "b.trx"), $"""
                <TestRun id="2" name="b" xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
                  <Results>
                {Result("Docker.Run(image: &quot;x&quot;)", "NotExecuted", "no &quot;docker&quot; &amp; no k3d &lt;here&gt;")}
                {Result("Other.Quiet", "NotExecuted", null)}
                  </Results>
                </TestRun>
                """);

            var result = await ToolRunner.RunAsync("bash", [RepoPaths.Combine("hack", "skipped-tests.sh"), dir], TimeSpan.FromMinutes(1));

            result.AssertSuccess("skipped-tests.sh");
            Assert.Equal(
            [
                "  1 skipped: (no reason given) (Other.Quiet)",
                "  1 skipped: no \"docker\" & no k3d <here> (Docker.Run(image: \"x\"))",
                "  4 skipped: no cluster: set SLUICE_E2E_KUBECONFIG (E2E.A, E2E.B, E2E.C, ...)",
            ], result.Output.TrimEnd().Split(Environment.NewLine));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void The_test_script_prints_the_skip_reasons_before_its_closing_line()
    {
        var script = File.ReadAllText(RepoPaths.Combine("hack", "test.sh"));
        Assert.Contains("--logger trx --results-directory \"$results\"", script, StringComparison.Ordinal);
        var reasons = script.IndexOf("bash hack/skipped-tests.sh \"$results\"", StringComparison.Ordinal);
        Assert.InRange(reasons, 1, script.IndexOf("echo \"$passed passed, $failed failed, $skipped skipped\"", StringComparison.Ordinal));
    }
}
