using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Sluice.Packaging.Tests;

/// <summary>
/// The Argo CD resource actions for ModelVersions: the argocd-cm patch users install carries them in Argo CD's
/// format with the current scripts, one per verb the operator understands, and their Lua tests catch a wrong one.
/// </summary>
public sealed partial class ArgoCdActionsTests
{
    private static readonly string ActionsDir = RepoPaths.Combine("deploy", "argocd", "actions", "modelversion");

    [Fact]
    public void Argocd_cm_patch_holds_discovery_and_one_definition_per_verb_with_the_current_scripts()
    {
        var data = Mapping(Load(File.ReadAllText(RepoPaths.Combine("deploy", "argocd", "argocd-cm.yaml"))), "data");
        var value = ((YamlScalarNode)data.Children[new YamlScalarNode("resource.customizations.actions.sluice.dev_ModelVersion")]).Value!;
        var actions = Load(value);
        Assert.Equal(File.ReadAllText(Path.Combine(ActionsDir, "discovery.lua")), Scalar(actions, "discovery.lua"));
        var definitions = (YamlSequenceNode)actions.Children[new YamlScalarNode("definitions")];
        var names = new List<string>();
        foreach (var definition in definitions.Children.Cast<YamlMappingNode>())
        {
            var name = Scalar(definition, "name");
            names.Add(name);
            Assert.Equal(File.ReadAllText(Path.Combine(ActionsDir, name, "action.lua")), Scalar(definition, "action.lua"));
        }

        Assert.Equal(OperatorVerbs(), names.Order(StringComparer.Ordinal));
        Assert.Equal(OperatorVerbs(), Directory.GetDirectories(ActionsDir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Action_tests_fail_when_discovery_offers_a_verb_that_means_nothing()
    {
        // A copy of the actions whose discovery enables every verb for every version must fail its tests.
        var output = await RunOnBrokenCopyAsync(copy => File.WriteAllTextAsync(Path.Combine(copy, "modelversion", "discovery.lua"),
            "return { promote = {}, abort = {}, pause = {}, resume = {}, retry = {} }\n"));

        Assert.Contains("FAIL modelversion discovery: Stable and serving", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Action_tests_fail_when_an_action_sets_the_wrong_verb()
    {
        var output = await RunOnBrokenCopyAsync(async copy =>
        {
            var pause = Path.Combine(copy, "modelversion", "pause", "action.lua");
            await File.WriteAllTextAsync(pause, (await File.ReadAllTextAsync(pause)).Replace("= \"pause\"", "= \"abort\"", StringComparison.Ordinal));
        });

        Assert.Contains("FAIL modelversion action pause", output, StringComparison.Ordinal);
    }

    /// <summary>Runs the action tests on a copy of the actions that <paramref name="breakIt"/> changed; they must fail.</summary>
    private static async Task<string> RunOnBrokenCopyAsync(Func<string, Task> breakIt)
    {
        var copy = Path.Combine(Path.GetTempPath(), "sluice-actions-" + Guid.NewGuid().ToString("N"));
        try
        {
            var source = RepoPaths.Combine("deploy", "argocd", "actions");
            foreach (var file in Directory.GetFiles(source, "*.lua", SearchOption.AllDirectories))
            {
                var target = Path.Combine(copy, Path.GetRelativePath(source, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }

            await breakIt(copy);
            var result = await ToolRunner.RunAsync("lua5.4", [Path.Combine(copy, "tests", "run.lua")], TimeSpan.FromMinutes(1));
            Assert.Equal(1, result.ExitCode);
            return result.Output;
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    /// <summary>The verbs the operator parses (RolloutActions.Verbs, the same list `sluice` prints).</summary>
    private static List<string> OperatorVerbs()
    {
        var source = File.ReadAllText(RepoPaths.Combine("src", "Sluice.Core", "Rollout", "RolloutActions.cs"));
        var verbs = VerbsConstant().Match(source);
        Assert.True(verbs.Success, "RolloutActions.Verbs not found");
        return [.. verbs.Groups[1].Value.Split(", ").Order(StringComparer.Ordinal)];
    }

    private static YamlMappingNode Load(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static YamlMappingNode Mapping(YamlMappingNode node, string key) => (YamlMappingNode)node.Children[new YamlScalarNode(key)];

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node.Children[new YamlScalarNode(key)]).Value!;

    [GeneratedRegex("""public const string Verbs = "([a-z, ]+)";""")]
    private static partial Regex VerbsConstant();
}
