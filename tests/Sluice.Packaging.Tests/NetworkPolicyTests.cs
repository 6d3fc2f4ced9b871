using k8s;
using k8s.Models;

namespace Sluice.Packaging.Tests;

/// <summary>
/// The chart's optional NetworkPolicy: off by default; when on, one in each namespace where models serve, letting
/// only the operator's pods (in the release namespace) reach the model servers' http port, which canary analysis
/// scrapes by pod IP.
/// </summary>
public sealed class NetworkPolicyTests(RenderedInstall install) : IClassFixture<RenderedInstall>
{
    // The labels and port the operator gives model server pods (src/Sluice.Operator/Serving/ServingDeploymentBuilder.cs).
    private static readonly Dictionary<string, string> ServingPod = new(StringComparer.Ordinal)
    {
        ["sluice.dev/model"] = "breast-cancer",
        ["sluice.dev/version"] = "breast-cancer-v2",
        ["app.kubernetes.io/component"] = "inference-server",
        ["app.kubernetes.io/managed-by"] = "sluice",
    };

    // A pipeline stage's pod (src/Sluice.Operator/Stages/StageJobBuilder.cs): not a model server.
    private static readonly Dictionary<string, string> StagePod = new(StringComparer.Ordinal)
    {
        ["sluice.dev/pipeline"] = "breast-cancer",
        ["sluice.dev/run"] = "breast-cancer-1",
        ["sluice.dev/stage"] = "train",
        ["app.kubernetes.io/managed-by"] = "sluice",
    };

    [Fact]
    public void No_network_policy_unless_enabled()
    {
        foreach (var variant in new[] { "helm-default", "helm-namespaced", "helm-minio", "helm-monitoring", "kustomize-default" })
        {
            Assert.DoesNotContain(install.Variants[variant], o => o.Kind == "NetworkPolicy");
        }
    }

    [Fact]
    public void Everything_variant_lets_only_the_operator_reach_the_serving_port_in_each_listed_namespace()
    {
        var objects = install.Variants["helm-everything"];
        var policies = objects.Where(o => o.Typed is V1NetworkPolicy).ToList();
        Assert.Equal(["ml-a", "ml-b"], policies.Select(p => p.Namespace).Order(StringComparer.Ordinal));
        var operatorPod = ((V1Deployment)objects.Single(o => o.Typed is V1Deployment d && d.Metadata.Name == "sluice").Typed).Spec.Template.Metadata.Labels;
        foreach (var policy in policies.Select(p => (V1NetworkPolicy)p.Typed))
        {
            AssertOperatorToServing(policy, releaseNamespace: "sluice-system", operatorPod, port: "http");
        }
    }

    [Fact]
    public async Task Namespace_limited_install_puts_one_in_each_watched_namespace_with_the_port_asked_for()
    {
        var policies = await RenderAsync("--set", "operator.watchNamespaces={team-a,team-b}", "--set", "networkPolicy.enabled=true",
            "--set", "networkPolicy.port=9000");
        Assert.Equal(["team-a", "team-b"], policies.Select(p => p.Metadata.NamespaceProperty).Order(StringComparer.Ordinal));
        Assert.All(policies, p => Assert.Equal("9000", Assert.Single(Assert.Single(p.Spec.Ingress).Ports).Port.Value));
    }

    [Fact]
    public async Task Extra_ingress_rules_join_the_operator_rule()
    {
        var policy = Assert.Single(await RenderAsync("--set", "networkPolicy.enabled=true", "--set", "networkPolicy.namespaces={ml}",
            "--set-json", """networkPolicy.extraIngress=[{"from":[{"namespaceSelector":{"matchLabels":{"kubernetes.io/metadata.name":"clients"}}}]}]"""));
        Assert.Equal(2, policy.Spec.Ingress.Count);
        Assert.Equal("clients", policy.Spec.Ingress[1].FromProperty.Single().NamespaceSelector.MatchLabels["kubernetes.io/metadata.name"]);
    }

    [Fact]
    public async Task Cluster_wide_install_without_namespaces_fails_with_the_value_to_set()
    {
        var result = await HelmAsync("--set", "networkPolicy.enabled=true");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("networkPolicy.namespaces", result.Output, StringComparison.Ordinal);
    }

    private static void AssertOperatorToServing(V1NetworkPolicy policy, string releaseNamespace, IDictionary<string, string> operatorPod, string port)
    {
        Assert.Equal(["Ingress"], policy.Spec.PolicyTypes);
        Assert.True(Matches(policy.Spec.PodSelector, ServingPod), "the policy does not select model server pods");
        Assert.False(Matches(policy.Spec.PodSelector, StagePod), "the policy selects pipeline stage pods");
        Assert.False(Matches(policy.Spec.PodSelector, new Dictionary<string, string>(operatorPod)), "the policy selects the operator's pods");
        var rule = policy.Spec.Ingress[0];
        var peer = Assert.Single(rule.FromProperty);
        Assert.Equal(releaseNamespace, peer.NamespaceSelector.MatchLabels["kubernetes.io/metadata.name"]);
        Assert.True(Matches(peer.PodSelector, new Dictionary<string, string>(operatorPod)), "the peer does not select the operator's pods");
        Assert.False(Matches(peer.PodSelector, ServingPod), "the peer lets model servers in");
        var allowed = Assert.Single(rule.Ports);
        Assert.Equal("TCP", allowed.Protocol);
        Assert.Equal(port, allowed.Port.Value);
    }

    /// <summary>A label selector's meaning for the operators the chart uses (matchLabels, Exists, In).</summary>
    private static bool Matches(V1LabelSelector selector, Dictionary<string, string> labels) =>
        (selector.MatchLabels ?? new Dictionary<string, string>()).All(l => labels.TryGetValue(l.Key, out var v) && v == l.Value)
        && (selector.MatchExpressions ?? []).All(e => e.OperatorProperty switch
        {
            "Exists" => labels.ContainsKey(e.Key),
            "DoesNotExist" => !labels.ContainsKey(e.Key),
            "In" => labels.TryGetValue(e.Key, out var v) && e.Values.Contains(v),
            "NotIn" => !labels.TryGetValue(e.Key, out var v) || !e.Values.Contains(v),
            _ => throw new InvalidOperationException($"selector operator {e.OperatorProperty}"),
        });

    private static async Task<List<V1NetworkPolicy>> RenderAsync(params string[] set)
    {
        var result = await HelmAsync([.. set, "--show-only", "templates/networkpolicy.yaml"]);
        result.AssertSuccess("helm template");
        return [.. KubernetesYaml.LoadAllFromString(result.Output, typeMap: null, strict: true).Cast<V1NetworkPolicy>()];
    }

    private static Task<ToolRunner.Result> HelmAsync(params string[] args)
    {
        var helm = RepoPaths.Combine(".tools", "bin", "helm");
        return ToolRunner.RunAsync(File.Exists(helm) ? helm : "helm",
            ["template", "sluice", RepoPaths.Combine("charts", "sluice"), "--namespace", "sluice-system", .. args], TimeSpan.FromMinutes(1));
    }
}
