using k8s.Models;

namespace Sluice.Packaging.Tests;

/// <summary>What a platform engineer checks before installing an operator: it parses, and asks for little.</summary>
public sealed class RenderedInstallTests(RenderedInstall install) : IClassFixture<RenderedInstall>
{
    private static readonly string[] VariantNames =
        ["helm-default", "helm-namespaced", "helm-minio", "helm-monitoring", "helm-everything", "kustomize-default"];

    public static TheoryData<string> Variants => new(VariantNames);

    [Fact]
    public void Every_rendered_document_parses_strictly_into_its_Kubernetes_type()
    {
        Assert.True(install.ParseErrors.Count == 0, string.Join("\n\n", install.ParseErrors));
        Assert.All(VariantNames, v => Assert.True(install.Variants.ContainsKey(v), $"variant {v} was not rendered:\n{install.RenderOutput}"));
    }

    [Fact]
    public void Strict_parsing_rejects_a_misspelled_field()
    {
        // The parse check is only worth something if a typo fails it, as `kubectl apply` would on the server.
        const string Typo = "apiVersion: v1\nkind: Service\nmetadata:\n  name: x\nspec:\n  prots: []\n";
        Assert.ThrowsAny<Exception>(() => k8s.KubernetesYaml.LoadAllFromString(Typo, typeMap: null, strict: true));
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Rbac_has_no_wildcard_and_no_secret_access(string variant)
    {
        var rules = Objects(variant).SelectMany(o => o.Typed switch
        {
            V1ClusterRole role => (role.Rules ?? []).Select(r => (o, r)),
            V1Role role => (role.Rules ?? []).Select(r => (o, r)),
            _ => [],
        }).ToList();
        Assert.NotEmpty(rules);
        foreach (var (owner, rule) in rules)
        {
            var all = (rule.ApiGroups ?? []).Concat(rule.Resources ?? []).Concat(rule.Verbs ?? []).Concat(rule.ResourceNames ?? []);
            Assert.False(all.Any(s => s.Contains('*', StringComparison.Ordinal)), $"{owner}: wildcard in {Describe(rule)}");
            Assert.False((rule.Resources ?? []).Any(r => r.Split('/')[0] is "secrets" or "configmaps" or "serviceaccounts"),
                $"{owner}: {Describe(rule)} grants access to credentials");
            Assert.True(rule.NonResourceURLs is null or { Count: 0 }, $"{owner}: nonResourceURLs {Describe(rule)}");
            Assert.DoesNotContain("escalate", rule.Verbs ?? []);
            Assert.DoesNotContain("bind", rule.Verbs ?? []);
            Assert.DoesNotContain("impersonate", rule.Verbs ?? []);
        }
    }

    [Fact]
    public void Namespace_limited_install_grants_nothing_cluster_wide_to_the_operator()
    {
        var objects = Objects("helm-namespaced");
        Assert.DoesNotContain(objects, o => o.Typed is V1ClusterRoleBinding);
        var roles = objects.Where(o => o.Typed is V1Role && o.Name == "sluice-operator").Select(o => o.Namespace).Order(StringComparer.Ordinal);
        Assert.Equal(["team-a", "team-b"], roles);
        var bindings = objects.Where(o => o.Typed is V1RoleBinding && o.Name == "sluice-operator").Select(o => o.Namespace).Order(StringComparer.Ordinal);
        Assert.Equal(["team-a", "team-b"], bindings);
        Assert.Contains("--namespaces", OperatorContainer("helm-namespaced").Args);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Operator_can_do_its_job_with_the_rendered_rules(string variant)
    {
        var rules = Objects(variant).Where(o => o.Name == "sluice-operator")
            .SelectMany(o => o.Typed switch { V1ClusterRole c => c.Rules, V1Role r => r.Rules, _ => [] }).ToList();
        bool Allows(string group, string resource, string verb) => rules.Any(r =>
            r.ApiGroups.Contains(group) && r.Resources.Contains(resource) && r.Verbs.Contains(verb));
        foreach (var kind in new[] { "pipelines", "pipelineruns", "modelversions", "driftmonitors" })
        {
            Assert.True(Allows("sluice.dev", kind, "watch"), $"{variant}: cannot watch {kind}");
            Assert.True(Allows("sluice.dev", kind + "/status", "update"), $"{variant}: cannot update {kind}/status");
            Assert.True(Allows("sluice.dev", kind + "/finalizers", "update"), $"{variant}: cannot update {kind}/finalizers");
        }

        Assert.True(Allows("batch", "jobs", "create"));
        Assert.True(Allows("", "pods/log", "get"));
        Assert.False(Allows("", "pods", "create"), "the operator creates Jobs, never bare Pods");
        Assert.True(Allows("apps", "deployments", "create"));
        Assert.True(Allows("", "services", "create"));
        Assert.True(Allows("events.k8s.io", "events", "create"));
        // The HTTPRoute is the user's: read and its weights written back whole (backendRefs are an atomic list).
        Assert.True(Allows("gateway.networking.k8s.io", "httproutes", "get") && Allows("gateway.networking.k8s.io", "httproutes", "update"));
        Assert.False(Allows("gateway.networking.k8s.io", "httproutes", "create") || Allows("gateway.networking.k8s.io", "httproutes", "delete"),
            "the operator never creates or deletes a user's HTTPRoute");
        var lease = Objects(variant).Single(o => o.Name == "sluice-leader-election" && o.Typed is V1Role);
        Assert.Equal("sluice-system", lease.Namespace);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Operator_can_serve_models_and_run_canaries_with_the_rendered_rules(string variant)
    {
        // What src/Sluice.Operator/Serving and OperatorControllers call: informers on ModelVersions, serving
        // Deployments, Services and Pods (readiness, restarts, and the pod IP whose /metrics canary analysis reads
        // directly, not through the API server's pods/proxy); create and replace of Deployments and Services with
        // owner references that block deletion; the status write; the patch that removes a consumed
        // sluice.dev/action; Events. The ModelVersion's owner is checked by a real API server with
        // OwnerReferencesPermissionEnforcement, hence modelversions/finalizers.
        var rules = Objects(variant).Where(o => o.Name == "sluice-operator")
            .SelectMany(o => o.Typed switch { V1ClusterRole c => c.Rules, V1Role r => r.Rules, _ => [] }).ToList();
        bool Allows(string group, string resource, string verb) => rules.Any(r =>
            r.ApiGroups.Contains(group) && r.Resources.Contains(resource) && r.Verbs.Contains(verb));
        var needed = new (string Group, string Resource, string[] Verbs)[]
        {
            ("sluice.dev", "modelversions", ["get", "list", "watch", "create", "patch"]),
            ("sluice.dev", "modelversions/status", ["update"]),
            ("sluice.dev", "modelversions/finalizers", ["update"]),
            ("apps", "deployments", ["list", "watch", "create", "update"]),
            ("", "services", ["list", "watch", "create", "update"]),
            ("", "pods", ["list", "watch"]),
            ("", "events", ["create", "patch"]),
        };
        foreach (var (group, resource, verbs) in needed)
        {
            foreach (var verb in verbs)
            {
                Assert.True(Allows(group, resource, verb), $"{variant}: cannot {verb} {resource} in [{group}]");
            }
        }

        Assert.DoesNotContain(rules, r => r.Resources.Any(x => x.EndsWith("/proxy", StringComparison.Ordinal) || x == "pods/exec" || x == "pods/portforward"));
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Aggregated_roles_extend_the_builtin_edit_and_view_roles(string variant)
    {
        var edit = (V1ClusterRole)Objects(variant).Single(o => o.Name == "sluice-edit").Typed;
        var view = (V1ClusterRole)Objects(variant).Single(o => o.Name == "sluice-view").Typed;
        Assert.Equal("true", edit.Metadata.Labels["rbac.authorization.k8s.io/aggregate-to-edit"]);
        Assert.Equal("true", edit.Metadata.Labels["rbac.authorization.k8s.io/aggregate-to-admin"]);
        Assert.Equal("true", view.Metadata.Labels["rbac.authorization.k8s.io/aggregate-to-view"]);
        Assert.All(view.Rules, r => Assert.Equal(["get", "list", "watch"], r.Verbs));
        Assert.Contains(edit.Rules, r => r.Resources.Contains("pipelineruns") && r.Verbs.Contains("create"));
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Operator_runs_restricted_with_probes_on_the_health_port(string variant)
    {
        var deployment = OperatorDeployment(variant);
        var pod = deployment.Spec.Template.Spec;
        var container = OperatorContainer(variant);
        Assert.True(pod.SecurityContext.RunAsNonRoot);
        Assert.Equal(65532, pod.SecurityContext.RunAsUser);
        Assert.Equal("RuntimeDefault", pod.SecurityContext.SeccompProfile.Type);
        var sc = container.SecurityContext;
        Assert.True(sc.ReadOnlyRootFilesystem);
        Assert.False(sc.AllowPrivilegeEscalation);
        Assert.Equal(["ALL"], sc.Capabilities.Drop);
        Assert.Equal("RuntimeDefault", sc.SeccompProfile.Type);
        Assert.Equal("/healthz", container.LivenessProbe.HttpGet.Path);
        Assert.Equal("/readyz", container.ReadinessProbe.HttpGet.Path);
        Assert.Equal("health", container.ReadinessProbe.HttpGet.Port.Value);
        Assert.Contains(container.Ports, p => p.Name == "health" && p.ContainerPort == 8081);
        Assert.Contains(container.Ports, p => p.Name == "metrics" && p.ContainerPort == 8080);
        Assert.NotNull(container.Resources.Requests);
        Assert.Contains(container.VolumeMounts, m => m.MountPath == "/tmp");
        Assert.NotEmpty(pod.TopologySpreadConstraints);
        Assert.Contains(Objects(variant), o => o.Typed is V1PodDisruptionBudget);
        Assert.Contains(Objects(variant), o => o.Typed is V1Service s && s.Spec.Ports.Any(p => p.Port == 8080));
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Operator_args_are_flags_that_sluice_operator_accepts(string variant)
    {
        var args = OperatorContainer(variant).Args;
        var problems = OperatorFlags.Check(args);
        Assert.True(problems.Count == 0, $"{variant}: {string.Join("; ", problems)} in [{string.Join(' ', args)}]");
        Assert.Contains("--leader-elect", args);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Operator_listens_on_the_ports_its_container_and_probes_name(string variant)
    {
        // `sluice operator` serves no metrics unless told where (as kubebuilder's scaffold), so the install must say it.
        var container = OperatorContainer(variant);
        var args = container.Args;
        string Port(string flag) => args.Contains(flag) ? args[args.IndexOf(flag) + 1].Split(':')[^1] : $"(no {flag})";
        Assert.Equal($"{container.Ports.Single(p => p.Name == "metrics").ContainerPort}", Port("--metrics-bind-address"));
        Assert.Equal($"{container.Ports.Single(p => p.Name == "health").ContainerPort}", Port("--health-probe-bind-address"));
    }

    [Fact]
    public void Bundled_minio_becomes_the_default_artifact_repository_only_when_enabled()
    {
        var args = OperatorContainer("helm-minio").Args;
        Assert.Equal("http://sluice-minio.sluice-system.svc:9000", args[args.IndexOf("--default-artifact-endpoint") + 1]);
        Assert.Equal("sluice-minio", args[args.IndexOf("--default-artifact-secret") + 1]);
        var secret = (V1Secret)Objects("helm-minio").Single(o => o.Typed is V1Secret).Typed;
        Assert.Equal(["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"], secret.StringData.Keys.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(Objects("helm-default"), o => o.Name.Contains("minio", StringComparison.Ordinal));
        Assert.DoesNotContain("--default-artifact-endpoint", OperatorContainer("helm-default").Args);
    }

    [Fact]
    public void ServiceMonitor_is_rendered_only_on_request()
    {
        Assert.Contains(Objects("helm-monitoring"), o => o.Kind == "ServiceMonitor");
        Assert.DoesNotContain(Objects("helm-default"), o => o.Kind == "ServiceMonitor");
    }

    [Fact]
    public void Kustomize_renders_the_same_install_as_the_chart()
    {
        static HashSet<string> Identities(IEnumerable<RenderedObject> objects) => objects
            .Where(o => o.Kind is not "Namespace" and not "CustomResourceDefinition")
            .Select(o => $"{o.Kind} {o.Namespace}/{o.Name}").ToHashSet();
        var helm = Identities(Objects("helm-default"));
        var kustomize = Identities(Objects("kustomize-default"));
        Assert.True(helm.SetEquals(kustomize),
            $"only in helm: {string.Join(", ", helm.Except(kustomize))}; only in kustomize: {string.Join(", ", kustomize.Except(helm))}");
        Assert.Equal(OperatorContainer("helm-default").Args, OperatorContainer("kustomize-default").Args);
        Assert.Equal(
            ((V1ClusterRole)Objects("helm-default").Single(o => o.Name == "sluice-operator" && o.Typed is V1ClusterRole).Typed).Rules.Select(Describe),
            ((V1ClusterRole)Objects("kustomize-default").Single(o => o.Name == "sluice-operator" && o.Typed is V1ClusterRole).Typed).Rules.Select(Describe));
    }

    [Fact]
    public void Chart_crds_and_kustomize_crds_match_when_generated()
    {
        var chart = Objects("helm-default").Where(o => o.Kind == "CustomResourceDefinition").Select(o => o.Name).Order(StringComparer.Ordinal);
        var kustomize = Objects("kustomize-default").Where(o => o.Kind == "CustomResourceDefinition").Select(o => o.Name).Order(StringComparer.Ordinal);
        Assert.Equal(chart, kustomize);
    }

    private List<RenderedObject> Objects(string variant) =>
        install.Variants.TryGetValue(variant, out var objects) ? [.. objects] : throw new InvalidOperationException($"variant {variant} not rendered");

    private V1Deployment OperatorDeployment(string variant) =>
        (V1Deployment)Objects(variant).Single(o => o.Typed is V1Deployment && o.Name == "sluice").Typed;

    private V1Container OperatorContainer(string variant) =>
        OperatorDeployment(variant).Spec.Template.Spec.Containers.Single(c => c.Name == "operator");

    private static string Describe(V1PolicyRule rule) =>
        $"[{string.Join(",", rule.ApiGroups ?? [])}] [{string.Join(",", rule.Resources ?? [])}] [{string.Join(",", rule.Verbs ?? [])}]";
}
