namespace Sluice.Testing.ApiServer.Tests;

/// <summary>
/// Real kubectl 1.32 against a started server with Sluice's own generated CRDs and the breast-cancer example: what
/// issue 3 promises a user (apply, get with our printer columns, describe with events, patch, wait for a condition,
/// delete through finalizers).
/// </summary>
public sealed class KubectlSluiceKindsTests : IAsyncLifetime
{
    private readonly CancellationTokenSource cts = new(TimeSpan.FromSeconds(90));
    private readonly string dir = Directory.CreateTempSubdirectory("sluice-apiserver-").FullName;
    private TestApiServer server = null!;
    private Kubectl kubectl = null!;

    private static string Crds => Path.Combine(AppContext.BaseDirectory, "sluice", "crds");

    private static string Example(string file) => Path.Combine(AppContext.BaseDirectory, "sluice", "examples", "breast-cancer", file);

    public async Task InitializeAsync()
    {
        server = await TestApiServer.StartAsync(ct: cts.Token);
        var kubeconfig = Path.Combine(dir, "kubeconfig");
        server.WriteKubeconfig(kubeconfig);
        kubectl = new Kubectl(kubeconfig, dir);
        var applied = await kubectl.OkAsync($"apply -f {Crds}", cts.Token);
        foreach (var plural in new[] { "pipelines", "pipelineruns", "modelversions", "driftmonitors" })
        {
            Assert.Contains($"customresourcedefinition.apiextensions.k8s.io/{plural}.sluice.dev created", applied, StringComparison.Ordinal);
        }
        await kubectl.OkAsync("wait --for=condition=Established crd --all --timeout=10s", cts.Token);
        await kubectl.OkAsync($"apply -f {Example("pipeline.yaml")} -f {Example("modelversion.yaml")} -f {Example("driftmonitor.yaml")}", cts.Token);
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        cts.Dispose();
        Directory.Delete(dir, recursive: true);
    }

    /// <summary>
    /// Re-applying the example changes nothing, and kubectl says so for every object. That needs CRDs with no
    /// schema defaults inside lists: a JSON merge patch (what kubectl computes for custom resources) replaces a
    /// list whole whenever the live one differs from what was applied.
    /// </summary>
    [Fact]
    public async Task Example_applies_unchanged_and_lists_in_the_sluice_category()
    {
        const string Versions = "get pipeline,modelversion,driftmonitor -o jsonpath={.items[*].metadata.resourceVersion}";
        var before = await kubectl.OkAsync(Versions, cts.Token);
        var again = await kubectl.OkAsync($"apply -f {Example("pipeline.yaml")} -f {Example("modelversion.yaml")} -f {Example("driftmonitor.yaml")}", cts.Token);
        Assert.Equal(
            ["driftmonitor.sluice.dev/breast-cancer unchanged", "modelversion.sluice.dev/breast-cancer-v1 unchanged", "pipeline.sluice.dev/breast-cancer unchanged"],
            again.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
        Assert.Equal(before, await kubectl.OkAsync(Versions, cts.Token));
        var all = await kubectl.OkAsync("get sluice -o name", cts.Token);
        Assert.Equal(
            ["driftmonitor.sluice.dev/breast-cancer", "modelversion.sluice.dev/breast-cancer-v1", "pipeline.sluice.dev/breast-cancer"],
            all.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Run_shows_its_printer_columns_and_is_waited_for_until_its_status_says_Succeeded()
    {
        // The example run uses generateName, which `kubectl apply` refuses: users `kubectl create` it.
        var run = (await kubectl.OkAsync($"create -f {Example("pipelinerun.yaml")} -o name", cts.Token)).Trim();
        Assert.Matches("^pipelinerun.sluice.dev/breast-cancer-[a-z0-9]{5}$", run);
        var name = run.Split('/')[1];
        Assert.Matches(@"NAME\s+SUCCEEDED\s+REASON\s+PROGRESS\s+MODEL\s+GATE\s+STARTED\s+DURATION", await kubectl.OkAsync("get pipelineruns", cts.Token));

        var waiting = kubectl.RunAsync($"wait --for=condition=Succeeded {run} --timeout=20s", cts.Token);
        await kubectl.OkAsync($$$"""patch plr {{{name}}} --subresource=status --type=merge -p {"status":{"progress":"4/4","duration":"3m12s","startTime":"2026-01-01T00:00:00Z","conditions":[{"type":"Succeeded","status":"True","reason":"Completed","lastTransitionTime":"2026-01-01T00:03:12Z"}]}}""", cts.Token);
        var (code, output, err) = await waiting;
        Assert.True(code == 0, $"kubectl wait failed ({code}): {err}{output}");
        Assert.Contains("condition met", output, StringComparison.Ordinal);

        var table = await kubectl.OkAsync("get plr", cts.Token);
        Assert.Matches($@"{name}\s+True\s+Completed\s+4/4\s+\S+\s+3m12s", table);
        Assert.Equal("1", await kubectl.OkAsync($"get {run} -o jsonpath={{.metadata.generation}}", cts.Token));
    }

    [Fact]
    public async Task Describe_shows_the_object_and_its_events()
    {
        var uid = await kubectl.OkAsync("get pipeline breast-cancer -o jsonpath={.metadata.uid}", cts.Token);
        var evt = $"""
            apiVersion: v1
            kind: Event
            metadata: {"{"}name: breast-cancer.1, namespace: default{"}"}
            involvedObject: {"{"}apiVersion: sluice.dev/v1alpha1, kind: Pipeline, name: breast-cancer, namespace: default, uid: {uid}{"}"}
            reason: Validated
            message: The pipeline's DAG has 4 stages and no cycle.
            type: Normal
            source: {"{"}component: sluice-operator{"}"}
            firstTimestamp: "2026-01-01T00:00:00Z"
            lastTimestamp: "2026-01-01T00:00:00Z"
            count: 1
            """;
        await kubectl.OkAsync("apply -f -", cts.Token, evt);
        var describe = await kubectl.OkAsync("describe pipeline breast-cancer", cts.Token);
        Assert.Contains("Kind:         Pipeline", describe, StringComparison.Ordinal);
        Assert.Matches(@"Stages:\s*\n\s+Args:", describe);
        Assert.Matches(@"Events:\s*\n\s+Type\s+Reason\s+Age\s+From\s+Message", describe);
        Assert.Matches(@"Normal\s+Validated\s+\S+\s+sluice-operator\s+The pipeline's DAG has 4 stages and no cycle\.", describe);
    }

    [Fact]
    public async Task Describe_and_get_events_show_events_written_through_events_k8s_io()
    {
        var uid = await kubectl.OkAsync("get modelversion breast-cancer-v1 -o jsonpath={.metadata.uid}", cts.Token);
        var evt = $"""
            apiVersion: events.k8s.io/v1
            kind: Event
            metadata: {"{"}name: breast-cancer-v1.1, namespace: default{"}"}
            regarding: {"{"}apiVersion: sluice.dev/v1alpha1, kind: ModelVersion, name: breast-cancer-v1, namespace: default, uid: {uid}{"}"}
            reason: CanaryStarted
            note: Canary at 10 percent.
            type: Normal
            action: Rollout
            reportingController: sluice.dev/operator
            reportingInstance: sluice-operator-0
            eventTime: "2026-01-01T00:00:00.000000Z"
            """;
        await kubectl.OkAsync("apply -f -", cts.Token, evt);
        Assert.Matches(@"Normal\s+CanaryStarted\s+\S+\s+sluice.dev/operator\s+Canary at 10 percent\.", await kubectl.OkAsync("describe mv breast-cancer-v1", cts.Token));
        Assert.Matches(@"LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE\s*\n\S+\s+Normal\s+CanaryStarted\s+modelversion/breast-cancer-v1\s+Canary at 10 percent\.",
            await kubectl.OkAsync("get events", cts.Token));
    }

    [Fact]
    public async Task Patch_bumps_the_generation_and_invalid_patches_are_refused_by_field()
    {
        await kubectl.OkAsync("""patch mv breast-cancer-v1 --type=merge -p {"spec":{"serving":{"replicas":3}}}""", cts.Token);
        Assert.Equal("3/2", await kubectl.OkAsync("get mv breast-cancer-v1 -o jsonpath={.spec.serving.replicas}/{.metadata.generation}", cts.Token));
        await kubectl.OkAsync("""patch mv breast-cancer-v1 --type=json -p [{"op":"replace","path":"/spec/serving/replicas","value":4}]""", cts.Token);
        Assert.Equal("4/3", await kubectl.OkAsync("get mv breast-cancer-v1 -o jsonpath={.spec.serving.replicas}/{.metadata.generation}", cts.Token));

        var (code, _, err) = await kubectl.RunAsync("""patch mv breast-cancer-v1 --type=merge -p {"spec":{"source":{"format":"pickle"}}}""", cts.Token);
        Assert.NotEqual(0, code);
        Assert.Contains("spec.source.format", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_waits_for_the_finalizer_and_completes_when_it_is_removed()
    {
        await kubectl.OkAsync("""patch pipeline breast-cancer --type=merge -p {"metadata":{"finalizers":["sluice.dev/cleanup"]}}""", cts.Token);
        var deleting = kubectl.RunAsync("delete pipeline breast-cancer --timeout=30s", cts.Token);
        string stamp;
        do
        {
            await Task.Delay(50, cts.Token);
            stamp = await kubectl.OkAsync("get pipeline breast-cancer -o jsonpath={.metadata.deletionTimestamp}", cts.Token);
        }
        while (stamp.Length == 0);
        Assert.False(deleting.IsCompleted, "kubectl delete returned while the finalizer was still there");
        Assert.Matches(@"breast-cancer\s+", await kubectl.OkAsync("get pipelines", cts.Token));

        await kubectl.OkAsync("""patch pipeline breast-cancer --type=json -p [{"op":"remove","path":"/metadata/finalizers"}]""", cts.Token);
        var (code, output, err) = await deleting;
        Assert.True(code == 0, $"kubectl delete failed ({code}): {err}{output}");
        Assert.Contains("pipeline.sluice.dev \"breast-cancer\" deleted", output, StringComparison.Ordinal);
        var (getCode, _, getErr) = await kubectl.RunAsync("get pipeline breast-cancer", cts.Token);
        Assert.Equal(1, getCode);
        Assert.Contains("NotFound", getErr, StringComparison.Ordinal);
    }
}
