using System.Text.RegularExpressions;
using Sluice.Testing.ApiServer;

namespace Sluice.Packaging.Tests;

/// <summary>
/// Each rendered install applied with the real kubectl to a fresh Kubernetes API test server, as a platform engineer
/// would `kubectl apply -f` the output of `helm template` or `kubectl kustomize`: every object is created with its
/// kind, a second apply changes nothing, and `kubectl delete -f` removes it all again.
/// </summary>
public sealed partial class InstallOnApiServerTests(RenderedInstall install) : IClassFixture<RenderedInstall>, IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(150);

    private readonly CancellationTokenSource cts = new(Deadline);
    private readonly string dir = Directory.CreateTempSubdirectory("sluice-install-").FullName;
    private TestApiServer server = null!;
    private string kubeconfig = "";

    public static TheoryData<string> Variants =>
        new("helm-default", "helm-namespaced", "helm-minio", "helm-monitoring", "helm-everything", "kustomize-default");

    public async Task InitializeAsync()
    {
        server = await TestApiServer.StartAsync(ct: cts.Token);
        kubeconfig = Path.Combine(dir, "kubeconfig");
        server.WriteKubeconfig(kubeconfig);
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        cts.Dispose();
        Directory.Delete(dir, recursive: true);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task Rendered_install_applies_is_unchanged_on_reapply_and_deletes(string variant)
    {
        var file = install.FileOf(variant);
        var rendered = install.Variants[variant];
        await PrepareClusterAsync(variant, rendered);

        var first = await KubectlOkAsync("apply", "-f", file);
        AssertEveryObjectReported(rendered, first, _ => "created");
        AssertEveryObjectExists(rendered, await KubectlOkAsync("get", "-f", file, "-o", ListFormat));

        var before = WrittenByApply(await KubectlOkAsync("get", "-f", file, "-o", VersionFormat));
        var second = await KubectlOkAsync("apply", "-f", file);
        AssertEveryObjectReported(rendered, second, SecondApplyVerb);
        Assert.Equal(before, WrittenByApply(await KubectlOkAsync("get", "-f", file, "-o", VersionFormat)));

        // Deleting a rendered Namespace deletes what is in it, so kubectl may find those objects already gone (on a
        // real cluster that is a race with the namespace controller; on the test server it always happens).
        string[] ignoreGone = rendered.Any(o => o.Kind == "Namespace") ? ["--ignore-not-found"] : [];
        await KubectlOkAsync(["delete", "-f", file, "--timeout=60s", .. ignoreGone]);
        var left = await KubectlOkAsync("get", "-f", file, "--ignore-not-found", "-o", ListFormat);
        Assert.True(left.Trim().Length == 0, $"{variant}: objects left after kubectl delete -f:\n{left}");
    }

    [Fact]
    public async Task Kustomize_samples_apply_on_top_of_the_kustomize_install()
    {
        var samples = install.Variants["kustomize-samples"];
        await KubectlOkAsync("apply", "-f", install.FileOf("kustomize-default"));
        await WaitForCrdsAsync(install.Variants["kustomize-default"]);

        AssertEveryObjectReported(samples, await KubectlOkAsync("apply", "-f", install.FileOf("kustomize-samples")), _ => "created");
        AssertEveryObjectReported(samples, await KubectlOkAsync("apply", "-f", install.FileOf("kustomize-samples")), _ => "unchanged");
        AssertEveryObjectExists(samples, await KubectlOkAsync("get", "-f", install.FileOf("kustomize-samples"), "-o", ListFormat));
    }

    /// <summary>
    /// What kubectl prints when re-applying an unchanged object. Two kinds are exceptions, against a real cluster
    /// too, where kubectl's three-way diff is never empty though the server finds nothing to change (their
    /// resourceVersion stays, which the test checks for every object): a PodDisruptionBudget, whose spec.selector
    /// has patchStrategy "replace", and a Secret written with stringData, which the server folds into data
    /// (kubernetes/kubernetes#87736).
    /// </summary>
    private static string SecondApplyVerb(RenderedObject o) =>
        o.Kind == "PodDisruptionBudget" || o.Kind == "Secret" && o.Yaml.Contains("\nstringData:", StringComparison.Ordinal) ? "configured" : "unchanged";

    /// <summary>
    /// The version of each object that only apply writes. A Job's or a Deployment's status is written by its
    /// controller (the test server's Job controller runs the chart's MinIO bucket Job), which moves the
    /// resourceVersion whenever it likes; their metadata.generation moves only when the spec does, so that is
    /// what stands for them.
    /// </summary>
    private static string WrittenByApply(string versions) =>
        string.Join('\n', versions.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            var f = line.Split(' ');
            return f[0] is "Job" or "Deployment" or "StatefulSet" or "DaemonSet" ? $"{f[0]} {f[1]} generation {f[3]}" : line;
        }));

    private const string VersionFormat = """jsonpath={range .items[*]}{.kind} {.metadata.namespace}/{.metadata.name} {.metadata.resourceVersion} {.metadata.generation}{"\n"}{end}""";

    private const string ListFormat = """jsonpath={range .items[*]}{.kind} {.metadata.namespace}/{.metadata.name}{"\n"}{end}""";

    /// <summary>
    /// What a cluster has before the install: the release namespace (`helm install --create-namespace`) and the
    /// watched namespaces for a Helm install; the Prometheus Operator's ServiceMonitor CRD where a ServiceMonitor is
    /// rendered, and a stand-in for the built-in NetworkPolicy type where a NetworkPolicy is. The kustomize install
    /// brings its own Namespace.
    /// </summary>
    private async Task PrepareClusterAsync(string variant, IReadOnlyList<RenderedObject> rendered)
    {
        if (variant.StartsWith("helm-", StringComparison.Ordinal))
        {
            var namespaces = rendered.Select(o => o.Namespace).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
            var manifest = string.Join("---\n", namespaces.Select(ns => $"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {ns}\n"));
            var namespaceFile = Path.Combine(dir, "namespaces.yaml");
            await File.WriteAllTextAsync(namespaceFile, manifest, cts.Token);
            await KubectlOkAsync("apply", "-f", namespaceFile);
        }
        if (rendered.Any(o => o.Kind == "ServiceMonitor"))
        {
            var crd = Path.Combine(AppContext.BaseDirectory, "testdata", "monitoring.coreos.com_servicemonitors.yaml");
            await KubectlOkAsync("apply", "-f", crd);
            await KubectlOkAsync("wait", "--for=condition=Established", "crd/servicemonitors.monitoring.coreos.com", "--timeout=10s");
        }

        if (rendered.Any(o => o.Kind == "NetworkPolicy"))
        {
            // The test server does not serve networking.k8s.io; a real cluster has it built in (see the file's header).
            var crd = Path.Combine(AppContext.BaseDirectory, "testdata", "networking.k8s.io_networkpolicies.yaml");
            await KubectlOkAsync("apply", "-f", crd);
            await KubectlOkAsync("wait", "--for=condition=Established", "crd/networkpolicies.networking.k8s.io", "--timeout=10s");
        }
    }

    private async Task WaitForCrdsAsync(IReadOnlyList<RenderedObject> rendered)
    {
        foreach (var crd in rendered.Where(o => o.Kind == "CustomResourceDefinition"))
        {
            await KubectlOkAsync("wait", "--for=condition=Established", $"crd/{crd.Name}", "--timeout=10s");
        }
    }

    /// <summary>kubectl prints one `kind.group/name verb` line per object; each rendered object must have one.</summary>
    private static void AssertEveryObjectReported(IReadOnlyList<RenderedObject> rendered, string output, Func<RenderedObject, string> verbOf)
    {
        var reported = ApplyLine().Matches(output).Select(m => (Resource: m.Groups["resource"].Value, Verb: m.Groups["verb"].Value)).ToList();
        Assert.True(reported.Count == rendered.Count,
            $"expected {rendered.Count} objects reported, got {reported.Count}:\n{output}");
        foreach (var o in rendered)
        {
            var kindPrefix = o.Kind.ToLowerInvariant() + (o.ApiVersion.Contains('/', StringComparison.Ordinal) ? "." + o.ApiVersion.Split('/')[0] : "");
            var line = reported.Where(r => r.Resource == $"{kindPrefix}/{o.Name}").ToList();
            Assert.True(line.Count > 0, $"{o} is not in the kubectl output:\n{output}");
            var verb = verbOf(o);
            Assert.True(line.All(r => r.Verb == verb), $"{o} was not {verb}:\n{output}");
        }
    }

    private static void AssertEveryObjectExists(IReadOnlyList<RenderedObject> rendered, string listed)
    {
        var present = listed.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        foreach (var o in rendered)
        {
            var expected = $"{o.Kind} {o.Namespace ?? (IsNamespacedWithoutNamespace(o) ? "default" : "")}/{o.Name}";
            Assert.True(present.Contains(expected), $"{o} does not exist on the server as {expected}; kubectl get -f listed:\n{listed}");
        }
    }

    /// <summary>Samples carry no namespace, so kubectl puts them in the kubeconfig's namespace.</summary>
    private static bool IsNamespacedWithoutNamespace(RenderedObject o) =>
        o.ApiVersion.StartsWith("sluice.dev/", StringComparison.Ordinal);

    private async Task<string> KubectlOkAsync(params string[] args)
    {
        var result = await ToolRunner.RunAsync("kubectl",
            ["--kubeconfig", kubeconfig, "--cache-dir", Path.Combine(dir, "cache"), .. args], Deadline);
        result.AssertSuccess($"kubectl {string.Join(' ', args)}");
        return result.Output;
    }

    [GeneratedRegex(@"^(?<resource>[a-z0-9.-]+/[a-z0-9.-]+) (?<verb>created|configured|unchanged|serverside-applied)$", RegexOptions.Multiline)]
    private static partial Regex ApplyLine();
}
