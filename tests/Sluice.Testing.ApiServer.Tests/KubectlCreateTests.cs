using System.Text.Json.Nodes;

namespace Sluice.Testing.ApiServer.Tests;

/// <summary>
/// Real kubectl 1.32's typed clients (<c>kubectl create ...</c>, <c>kubectl run</c>) send built-in kinds as protobuf: the
/// server decodes them into the same object the JSON path stores, and refuses kinds it cannot decode with a clear 415.
/// </summary>
public sealed class KubectlCreateTests : IAsyncLifetime
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
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        cts.Dispose();
        Directory.Delete(dir, recursive: true);
    }

    [Theory]
    [InlineData("create namespace made", "namespace/made created", "get namespace made -o jsonpath={.metadata.name}", "made")]
    [InlineData("create secret generic made --from-literal=k=v --from-literal=password=s3cr3t", "secret/made created",
        "get secret made -o jsonpath={.type}/{.data.k}/{.data.password}", "Opaque/dg==/czNjcjN0")]
    [InlineData("create configmap made --from-literal=a=1 --from-literal=b=two", "configmap/made created",
        "get configmap made -o jsonpath={.data}", """{"a":"1","b":"two"}""")]
    [InlineData("create serviceaccount made", "serviceaccount/made created", "get serviceaccount made -o jsonpath={.metadata.name}", "made")]
    [InlineData("create deployment made --image=busybox --replicas=2", "deployment.apps/made created",
        "get deployment made -o jsonpath={.spec.replicas}/{.spec.template.spec.containers[0].image}/{.metadata.labels.app}/{.spec.selector.matchLabels.app}/{.spec.template.metadata.labels.app}",
        "2/busybox/made/made/made")]
    [InlineData("create deployment idle --image=busybox --replicas=0", "deployment.apps/idle created",
        "get deployment idle -o jsonpath={.spec.replicas}", "0")]
    [InlineData("run made --image=busybox --labels=tier=web --env=MODE=fast --port=8080", "pod/made created",
        "get pod made -o jsonpath={.spec.containers[0].image}/{.metadata.labels.tier}/{.spec.containers[0].env[0].name}={.spec.containers[0].env[0].value}/{.spec.containers[0].ports[0].containerPort}/{.spec.restartPolicy}",
        "busybox/web/MODE=fast/8080/Always")]
    public async Task Create_of_a_built_in_kind_sends_protobuf_and_the_object_is_stored(string create, string created, string get, string expected)
    {
        Assert.Contains(created, await kubectl.OkAsync(create, cts.Token), StringComparison.Ordinal);
        Assert.Equal(expected, await kubectl.OkAsync(get, cts.Token));
    }

    /// <summary>The protobuf path stores exactly what the JSON path (render with --dry-run=client, then create) stores.</summary>
    [Theory]
    [InlineData("secret", "create secret generic same --from-literal=k=v --type=kubernetes.io/basic-auth --from-literal=username=u")]
    [InlineData("configmap", "create configmap same --from-literal=a=1 --from-literal=b=2")]
    [InlineData("serviceaccount", "create serviceaccount same")]
    [InlineData("deployment", "create deployment same --image=busybox --replicas=3 --port=80")]
    [InlineData("pod", "run same --image=busybox --labels=a=b,c=d --env=X=1 --port=8080 --restart=Never --image-pull-policy=IfNotPresent")]
    public async Task The_decoded_object_equals_the_one_the_json_path_stores(string resource, string create)
    {
        await kubectl.OkAsync("create namespace viajson", cts.Token);
        await kubectl.OkAsync(create, cts.Token);
        var rendered = await kubectl.OkAsync($"{create} --dry-run=client -o json", cts.Token);
        await kubectl.OkAsync("create -n viajson -f -", cts.Token, rendered);

        var viaProtobuf = Comparable(await kubectl.OkAsync($"get {resource} same -o json", cts.Token));
        var viaJson = Comparable(await kubectl.OkAsync($"get {resource} same -n viajson -o json", cts.Token));
        Assert.True(JsonNode.DeepEquals(viaProtobuf, viaJson), $"protobuf: {viaProtobuf.ToJsonString()}\njson:     {viaJson.ToJsonString()}");
    }

    [Fact]
    public async Task A_kind_without_a_protobuf_decoder_is_refused_with_415_naming_it_and_the_way_that_works()
    {
        var (code, _, err) = await kubectl.RunAsync("create service clusterip web --tcp=80:8080", cts.Token);
        Assert.NotEqual(0, code);
        Assert.Contains("unknown format", err, StringComparison.Ordinal);
        Assert.Contains("not v1 Service", err, StringComparison.Ordinal);
        Assert.Contains("apply -f", err, StringComparison.Ordinal);

        var rendered = await kubectl.OkAsync("create service clusterip web --tcp=80:8080 -o yaml --dry-run=client", cts.Token);
        Assert.Contains("service/web created", await kubectl.OkAsync("apply -f -", cts.Token, rendered), StringComparison.Ordinal);
    }

    private static JsonObject Comparable(string json)
    {
        var obj = JsonNode.Parse(json)!.AsObject();
        var meta = obj["metadata"]!.AsObject();
        foreach (var field in new[] { "uid", "resourceVersion", "creationTimestamp", "namespace", "generation" })
        {
            meta.Remove(field);
        }
        // Status is the controllers' (the Deployment controller writes it at its own pace), not the client's.
        obj.Remove("status");
        return obj;
    }
}
