namespace Sluice.Testing.ApiServer.Tests;

/// <summary>Real kubectl 1.32 against a started server: the user-facing workflow on a custom resource.</summary>
public sealed class KubectlTests : IAsyncLifetime
{
    private readonly CancellationTokenSource cts = new(TimeSpan.FromSeconds(90));
    private readonly string dir = Directory.CreateTempSubdirectory("sluice-apiserver-").FullName;
    private TestApiServer server = null!;
    private Kubectl kubectl = null!;

    public async Task InitializeAsync()
    {
        server = await TestApiServer.StartAsync(ct: cts.Token);
        var kubeconfig = Path.Combine(dir, "kubeconfig");
        server.WriteKubeconfig(kubeconfig);
        kubectl = new Kubectl(kubeconfig, dir);
        await kubectl.OkAsync($"apply -f {RawApi.WidgetCrdPath}", cts.Token);
        await kubectl.OkAsync("wait --for=condition=Established crd/widgets.test.sluice.dev --timeout=10s", cts.Token);
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        cts.Dispose();
        Directory.Delete(dir, recursive: true);
    }

    private const string Widget = """
        apiVersion: test.sluice.dev/v1
        kind: Widget
        metadata:
          name: w1
          finalizers: [test.sluice.dev/cleanup]
        spec:
          size: 3
          color: red
        """;

    [Fact]
    public async Task Apply_get_with_printer_columns_describe_patch_wait_and_delete_through_finalizers()
    {
        Assert.Contains("widget.test.sluice.dev/w1 created", await kubectl.OkAsync("apply -f -", cts.Token, Widget), StringComparison.Ordinal);
        var table = await kubectl.OkAsync("get widgets", cts.Token);
        Assert.Matches(@"NAME\s+SIZE\s+COLOR\s+READY\s+AGE", table);
        Assert.Matches(@"w1\s+3\s+red\s+", table);

        Assert.Contains("configured", await kubectl.OkAsync("apply -f -", cts.Token, Widget.Replace("size: 3", "size: 4", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Equal("4/2", await kubectl.OkAsync("get wd w1 -o jsonpath={.spec.size}/{.metadata.generation}", cts.Token));

        var describe = await kubectl.OkAsync("describe widget w1", cts.Token);
        Assert.Contains("Kind:         Widget", describe, StringComparison.Ordinal);
        Assert.Contains("Size:   4", describe, StringComparison.Ordinal);

        await kubectl.OkAsync("""patch wd w1 --subresource=status --type=merge -p {"status":{"conditions":[{"type":"Ready","status":"True"}]}}""", cts.Token);
        await kubectl.OkAsync("wait --for=condition=Ready wd/w1 --timeout=10s", cts.Token);
        await kubectl.OkAsync("wait --for=jsonpath={.spec.color}=red wd/w1 --timeout=10s", cts.Token);
        Assert.Matches(@"w1\s+4\s+red\s+True", await kubectl.OkAsync("get wd", cts.Token));

        await kubectl.OkAsync("delete wd w1 --wait=false", cts.Token);
        Assert.NotEmpty(await kubectl.OkAsync("get wd w1 -o jsonpath={.metadata.deletionTimestamp}", cts.Token));
        await kubectl.OkAsync("""patch wd w1 --type=json -p [{"op":"remove","path":"/metadata/finalizers"}]""", cts.Token);
        var (code, _, err) = await kubectl.RunAsync("get wd w1", cts.Token);
        Assert.Equal(1, code);
        Assert.Contains("NotFound", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_objects_and_unknown_fields_are_reported_by_field()
    {
        var (code, _, err) = await kubectl.RunAsync("apply -f -", cts.Token, Widget.Replace("size: 3", "size: 500", StringComparison.Ordinal));
        Assert.NotEqual(0, code);
        Assert.Contains("spec.size", err, StringComparison.Ordinal);
        (code, _, err) = await kubectl.RunAsync("apply -f -", cts.Token, Widget.Replace("size: 3", "size: 3\n  bogus: 1", StringComparison.Ordinal));
        Assert.NotEqual(0, code);
        Assert.Contains("unknown field \"spec.bogus\"", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_reads_the_crd_schema()
    {
        var explain = await kubectl.OkAsync("explain widget.spec.size", cts.Token);
        Assert.Contains("How big the widget is.", explain, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Built_in_kinds_apply_with_strategic_merge_and_list_in_tables()
    {
        const string deployment = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              replicas: 2
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers:
                  - name: web
                    image: nginx:1
                    env: [{name: A, value: "1"}, {name: B, value: "2"}]
            """;
        await kubectl.OkAsync("apply -f -", cts.Token, deployment);
        await kubectl.OkAsync("apply -f -", cts.Token, deployment.Replace("value: \"2\"", "value: \"3\"", StringComparison.Ordinal));
        Assert.Equal("""[{"name":"A","value":"1"},{"name":"B","value":"3"}]""",
            await kubectl.OkAsync("get deploy web -o jsonpath={.spec.template.spec.containers[0].env}", cts.Token));
        Assert.Matches(@"NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE", await kubectl.OkAsync("get deployments", cts.Token));
        Assert.Contains("web", await kubectl.OkAsync("get all", cts.Token), StringComparison.Ordinal);
    }
}
