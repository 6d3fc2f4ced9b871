using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;

namespace Sluice.Testing.ApiServer.Tests;

/// <summary>
/// Built-in objects read back with kube-apiserver 1.32's defaults and shapes. The expected objects in
/// tests/testdata/apiserver/defaults were written from the Kubernetes sources (defaults.go of core, apps and batch
/// v1, the pod, job and service registry strategies and storage, the qos helper): what the registry returns for the
/// request body, plus the ServiceAccount admission plugin's serviceAccountName. A real cluster's other admission
/// plugins would add more to a Pod (the kube-api-access volume, priority, tolerations); this server does not.
/// Placeholders: $UID, $RV, $TIME, $CLUSTER_IP.
/// </summary>
public sealed partial class DefaultsTests : RawApiTest
{
    private const string Pods = "/api/v1/namespaces/default/pods";
    private const string Jobs = "/apis/batch/v1/namespaces/default/jobs";
    private const string Deployments = "/apis/apps/v1/namespaces/default/deployments";
    private const string Services = "/api/v1/namespaces/default/services";

    [Theory]
    [InlineData("pod", Pods)]
    [InlineData("job", Jobs)]
    [InlineData("deployment", Deployments)]
    [InlineData("service", Services)]
    public async Task A_created_object_reads_back_as_kube_apiserver_returns_it(string kind, string path)
    {
        var (code, created) = await Api.PostAsync(path, Load($"{kind}.request.json"), Token);
        Assert.True(code == 201, created.ToJsonString());
        AssertSame(Expected(kind, created), created);

        var (_, read) = await Api.GetAsync($"{path}/{Meta(created, "name")}", Token);
        // The simulated Job and Deployment controllers write status at their own pace; spec and metadata are the server's.
        var expected = Expected(kind, read);
        if (kind is "job" or "deployment")
        {
            expected.Remove("status");
            read.Remove("status");
        }
        AssertSame(expected, read);
    }

    [Fact]
    public async Task A_client_that_writes_back_what_it_read_changes_nothing()
    {
        using var client = Server.CreateClient();
        await Api.PostAsync(Deployments, Load("deployment.request.json"), Token);
        await Api.PostAsync(Jobs, Load("job.request.json"), Token);
        await Api.PostAsync(Services, Load("service.request.json"), Token);

        // Once the simulated controller has written its status, nothing but this client writes the Deployment.
        var deployment = await client.AppsV1.ReadNamespacedDeploymentAsync("web", "default", cancellationToken: Token);
        while (deployment.Status?.ObservedGeneration != 1)
        {
            await Task.Delay(20, Token);
            deployment = await client.AppsV1.ReadNamespacedDeploymentAsync("web", "default", cancellationToken: Token);
        }
        var replaced = await client.AppsV1.ReplaceNamespacedDeploymentAsync(deployment, "web", "default", cancellationToken: Token);
        Assert.Equal(deployment.Metadata.ResourceVersion, replaced.Metadata.ResourceVersion);
        Assert.Equal(1, replaced.Metadata.Generation);

        // The Job's pods run meanwhile, so this write is unconditional (no resourceVersion), as Jobs allow.
        var job = await client.BatchV1.ReadNamespacedJobAsync("train", "default", cancellationToken: Token);
        job.Metadata.ResourceVersion = null;
        var rewritten = await client.BatchV1.ReplaceNamespacedJobAsync(job, "train", "default", cancellationToken: Token);
        Assert.Equal(1, rewritten.Metadata.Generation);
        Assert.Equal(KubernetesJson.Serialize(job.Spec), KubernetesJson.Serialize(rewritten.Spec));

        // The manifest as first applied, without the ClusterIP the server chose: kept, not refused.
        var (_, service) = await Api.GetAsync($"{Services}/web", Token);
        var resent = Load("service.request.json");
        resent["metadata"]!["resourceVersion"] = Meta(service, "resourceVersion");
        var (code, updated) = await Api.PutAsync($"{Services}/web", resent, Token);
        Assert.Equal(200, code);
        Assert.Equal(service.ToJsonString(), updated.ToJsonString());
    }

    [Theory]
    [InlineData(Pods, "pod.request.json", false)]
    [InlineData(Services, "service.request.json", false)]
    [InlineData("/api/v1/namespaces/default/configmaps", null, false)]
    [InlineData(Deployments, "deployment.request.json", true)]
    [InlineData(Jobs, "job.request.json", true)]
    public async Task Only_kinds_whose_strategy_sets_a_generation_have_one(string path, string? request, bool hasGeneration)
    {
        var body = request is null ? new JsonObject { ["metadata"] = new JsonObject { ["name"] = "cm" }, ["data"] = new JsonObject { ["a"] = "1" } } : Load(request);
        var (_, created) = await Api.PostAsync(path, body, Token);
        Assert.Equal(hasGeneration ? 1 : null, (int?)created["metadata"]!["generation"]);
    }

    [Fact]
    public async Task A_deployment_generation_follows_spec_and_annotations_not_labels()
    {
        await Api.PostAsync(Deployments, Load("deployment.request.json"), Token);
        var labels = new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["tier"] = "front" } } };
        Assert.Equal(1, (int)(await Api.PatchAsync($"{Deployments}/web", labels, ct: Token)).Body["metadata"]!["generation"]!);
        var annotations = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { ["note"] = "x" } } };
        Assert.Equal(2, (int)(await Api.PatchAsync($"{Deployments}/web", annotations, ct: Token)).Body["metadata"]!["generation"]!);
        var replicas = new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 3 } };
        Assert.Equal(3, (int)(await Api.PatchAsync($"{Deployments}/web", replicas, ct: Token)).Body["metadata"]!["generation"]!);
    }

    [Theory]
    [InlineData(null, "Always")]
    [InlineData("Always", "Always")]
    public async Task A_job_whose_pods_would_restart_in_place_is_refused(string? restartPolicy, string shown)
    {
        var job = Load("job.request.json");
        var spec = job["spec"]!["template"]!["spec"]!.AsObject();
        spec.Remove("restartPolicy");
        if (restartPolicy is not null)
        {
            spec["restartPolicy"] = restartPolicy;
        }
        var (code, status) = await Api.PostAsync(Jobs, job, Token);
        Assert.Equal(422, code);
        Assert.Equal($"Job.batch \"train\" is invalid: spec.template.spec.restartPolicy: Unsupported value: \"{shown}\": supported values: \"OnFailure\", \"Never\"",
            status["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Timestamps_of_built_in_kinds_keep_whole_seconds_and_micro_times_keep_microseconds()
    {
        await Api.PostAsync(Pods, Load("pod.request.json"), Token);
        var status = new JsonObject
        {
            ["status"] = new JsonObject
            {
                ["phase"] = "Running",
                ["startTime"] = "2025-01-02T03:04:05.999999Z",
                ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "True", ["lastTransitionTime"] = "2025-01-02T03:04:05.678+01:00" }),
            },
        };
        var (_, pod) = await Api.PatchAsync($"{Pods}/web/status", status, ct: Token);
        Assert.Equal("2025-01-02T03:04:05Z", pod["status"]!["startTime"]!.GetValue<string>());
        Assert.Equal("""{"type":"Ready","status":"True","lastTransitionTime":"2025-01-02T02:04:05Z","lastProbeTime":null}""",
            pod["status"]!["conditions"]![0]!.ToJsonString());
        Assert.Equal("Burstable", pod["status"]!["qosClass"]!.GetValue<string>());

        var lease = new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "leader" },
            ["spec"] = new JsonObject { ["holderIdentity"] = "a", ["acquireTime"] = "2025-01-02T03:04:05Z", ["renewTime"] = "2025-01-02T03:04:05.123456789Z" },
        };
        var (_, created) = await Api.PostAsync("/apis/coordination.k8s.io/v1/namespaces/default/leases", lease, Token);
        Assert.Equal("2025-01-02T03:04:05.000000Z", created["spec"]!["acquireTime"]!.GetValue<string>());
        Assert.Equal("2025-01-02T03:04:05.123456Z", created["spec"]!["renewTime"]!.GetValue<string>());
        Assert.Null(created["metadata"]!["generation"]);

        var (code, refused) = await Api.PatchAsync($"{Pods}/web/status", new JsonObject { ["status"] = new JsonObject { ["startTime"] = "yesterday" } }, ct: Token);
        Assert.Equal(400, code);
        Assert.StartsWith("Pod in version \"v1\" cannot be handled as a Pod: parsing time \"yesterday\"", refused["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Custom_resources_are_stored_as_written()
    {
        await Api.ApplyWidgetCrdAsync(Token);
        var widget = new JsonObject
        {
            ["apiVersion"] = "test.sluice.dev/v1", ["kind"] = "Widget", ["metadata"] = new JsonObject { ["name"] = "w" },
            ["spec"] = new JsonObject { ["size"] = 1 },
        };
        await Api.PostAsync("/apis/test.sluice.dev/v1/namespaces/default/widgets", widget, Token);
        var status = new JsonObject
        {
            ["status"] = new JsonObject { ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "True", ["lastTransitionTime"] = "2025-01-02T03:04:05.678+01:00" }) },
        };
        var (_, written) = await Api.PatchAsync("/apis/test.sluice.dev/v1/namespaces/default/widgets/w/status", status, ct: Token);
        var condition = written["status"]!["conditions"]![0]!.AsObject();
        Assert.Equal("2025-01-02T03:04:05.678+01:00", condition["lastTransitionTime"]!.GetValue<string>());
        Assert.False(condition.ContainsKey("lastProbeTime"));
    }

    [Theory]
    [InlineData("cpu", "0.5", "500m")]
    [InlineData("memory", "1024Mi", "1Gi")]
    [InlineData("memory", "1.5Gi", "1536Mi")]
    [InlineData("cpu", "1000m", "1")]
    [InlineData("cpu", "0.0001", "1m")]
    [InlineData("memory", "1e3", "1e3")]
    [InlineData("cpu", "2", "2")]
    public async Task Resource_quantities_read_back_in_canonical_form(string resource, string written, string read)
    {
        var pod = Load("pod.request.json");
        pod["spec"]!["containers"]![0]!["resources"] = new JsonObject { ["requests"] = new JsonObject { [resource] = written } };
        var (code, created) = await Api.PostAsync(Pods, pod, Token);
        Assert.True(code == 201, created.ToJsonString());
        Assert.Equal(read, created["spec"]!["containers"]![0]!["resources"]!["requests"]![resource]!.GetValue<string>());
    }

    private static JsonObject Load(string file) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "testdata", "defaults", file)))!.AsObject();

    /// <summary>The expected object with the values only the server can know filled in from <paramref name="actual"/>.</summary>
    private static JsonObject Expected(string kind, JsonObject actual)
    {
        var time = Meta(actual, "creationTimestamp");
        Assert.Matches(WholeSeconds(), time);
        var clusterIp = actual["spec"]?["clusterIP"]?.GetValue<string>() ?? "";
        if (kind == "service")
        {
            Assert.Matches(@"^10\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+$", clusterIp);
        }
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "testdata", "defaults", $"{kind}.expected.json"))
            .Replace("$UID", Meta(actual, "uid"), StringComparison.Ordinal)
            .Replace("$RV", Meta(actual, "resourceVersion"), StringComparison.Ordinal)
            .Replace("$TIME", time, StringComparison.Ordinal)
            .Replace("$CLUSTER_IP", clusterIp, StringComparison.Ordinal);
        return JsonNode.Parse(text)!.AsObject();
    }

    private static void AssertSame(JsonObject expected, JsonObject actual) =>
        Assert.True(JsonNode.DeepEquals(expected, actual), $"expected\n{expected}\nactual\n{actual}");

    private static string Meta(JsonObject obj, string field) => obj["metadata"]![field]!.GetValue<string>();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")]
    private static partial Regex WholeSeconds();
}
