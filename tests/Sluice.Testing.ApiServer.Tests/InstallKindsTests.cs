using System.Text.Json.Nodes;

namespace Sluice.Testing.ApiServer.Tests;

/// <summary>
/// The kinds an operator install renders besides Deployments and Services (RBAC, PodDisruptionBudgets), stored and
/// served like every other kind: discovery, CRUD, strategic merge patch, watch, Table output.
/// </summary>
public sealed class InstallKindsTests : RawApiTest
{
    private const string Rbac = "/apis/rbac.authorization.k8s.io/v1";

    private static readonly JsonArray Rules = [new JsonObject { ["apiGroups"] = new JsonArray("sluice.dev"), ["resources"] = new JsonArray("pipelines"), ["verbs"] = new JsonArray("get", "list") }];

    private static readonly JsonObject RoleRef = new() { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = "ClusterRole", ["name"] = "edit" };

    private static readonly JsonArray Subjects = [new JsonObject { ["kind"] = "ServiceAccount", ["name"] = "op", ["namespace"] = "default" }];

    public static TheoryData<string, string, string> Kinds => new()
    {
        { $"{Rbac}/namespaces/default/roles", "Role", "rules" },
        { $"{Rbac}/namespaces/default/rolebindings", "RoleBinding", "subjects" },
        { $"{Rbac}/clusterroles", "ClusterRole", "rules" },
        { $"{Rbac}/clusterrolebindings", "ClusterRoleBinding", "subjects" },
        { "/apis/policy/v1/namespaces/default/poddisruptionbudgets", "PodDisruptionBudget", "spec" },
    };

    private static JsonObject Body(string kind, string name)
    {
        var apiVersion = kind == "PodDisruptionBudget" ? "policy/v1" : "rbac.authorization.k8s.io/v1";
        var obj = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind, ["metadata"] = new JsonObject { ["name"] = name } };
        switch (kind)
        {
            case "Role" or "ClusterRole":
                obj["rules"] = Rules.DeepClone();
                break;
            case "RoleBinding" or "ClusterRoleBinding":
                obj["roleRef"] = RoleRef.DeepClone();
                obj["subjects"] = Subjects.DeepClone();
                break;
            default:
                obj["spec"] = new JsonObject { ["maxUnavailable"] = 1, ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "op" } } };
                break;
        }
        return obj;
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Kind_is_created_read_listed_patched_watched_and_deleted(string collection, string kind, string content)
    {
        var (code, created) = await Api.PostAsync(collection, Body(kind, "x"), Token);
        Assert.True(code == 201, created.ToJsonString());
        Assert.Equal(kind, created["kind"]!.GetValue<string>());
        var clusterScoped = !collection.Contains("/namespaces/", StringComparison.Ordinal);
        Assert.Equal(clusterScoped, created["metadata"]!["namespace"] is null);

        // Read back after the disruption controller has written a PodDisruptionBudget's status.
        var (getCode, got) = await Api.GetAsync($"{collection}/x", Token);
        Assert.Equal(200, getCode);
        var rv = got["metadata"]!["resourceVersion"]!.GetValue<string>();
        Assert.True(JsonNode.DeepEquals(created[content], got[content]));
        var (_, list) = await Api.GetAsync(collection, Token);
        Assert.Equal(kind + "List", list["kind"]!.GetValue<string>());
        Assert.Single(list["items"]!.AsArray());

        // Strategic merge patch, as kubectl apply sends for built-in kinds: labels merge in.
        var (patchCode, patched) = await Api.PatchAsync($"{collection}/x",
            new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["team"] = "ml" } } }, "application/strategic-merge-patch+json", Token);
        Assert.True(patchCode == 200, patched.ToJsonString());
        Assert.Equal("ml", patched["metadata"]!["labels"]!["team"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(created[content], patched[content]));

        var (deleteCode, _) = await Api.DeleteAsync($"{collection}/x", ct: Token);
        Assert.Equal(200, deleteCode);
        Assert.Equal(404, (await Api.GetAsync($"{collection}/x", Token)).Code);
        var events = await Api.WatchAsync($"{collection}?watch=true&resourceVersion={rv}&timeoutSeconds=1", 5, Token);
        Assert.Equal(["MODIFIED", "DELETED"], events.Select(e => e["type"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("/apis/rbac.authorization.k8s.io/v1", "roles", true)]
    [InlineData("/apis/rbac.authorization.k8s.io/v1", "rolebindings", true)]
    [InlineData("/apis/rbac.authorization.k8s.io/v1", "clusterroles", false)]
    [InlineData("/apis/rbac.authorization.k8s.io/v1", "clusterrolebindings", false)]
    [InlineData("/apis/policy/v1", "poddisruptionbudgets", true)]
    [InlineData("/apis/policy/v1", "poddisruptionbudgets/status", true)]
    public async Task Discovery_lists_the_kind_with_its_scope(string groupVersion, string resource, bool namespaced)
    {
        var (_, doc) = await Api.GetAsync(groupVersion, Token);
        var entry = doc["resources"]!.AsArray().OfType<JsonObject>().Single(r => r["name"]!.GetValue<string>() == resource);
        Assert.Equal(namespaced, entry["namespaced"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Rules_and_subjects_are_replaced_whole_by_a_strategic_merge_patch()
    {
        // rules and subjects carry no merge key in the RBAC types: a patch replaces the list.
        const string Roles = $"{Rbac}/namespaces/default/roles";
        await Api.PostAsync(Roles, Body("Role", "r"), Token);
        var rule = new JsonObject { ["apiGroups"] = new JsonArray("batch"), ["resources"] = new JsonArray("jobs"), ["verbs"] = new JsonArray("create") };
        var (_, patched) = await Api.PatchAsync($"{Roles}/r", new JsonObject { ["rules"] = new JsonArray(rule) }, "application/strategic-merge-patch+json", Token);
        Assert.Equal("""[{"apiGroups":["batch"],"resources":["jobs"],"verbs":["create"]}]""", patched["rules"]!.ToJsonString());
    }

    [Fact]
    public async Task Pdb_status_is_written_only_through_its_subresource_and_spec_changes_bump_the_generation()
    {
        const string Pdbs = "/apis/policy/v1/namespaces/default/poddisruptionbudgets";
        await Api.PostAsync(Pdbs, Body("PodDisruptionBudget", "p"), Token);
        var status = new JsonObject { ["status"] = new JsonObject { ["disruptionsAllowed"] = 1, ["currentHealthy"] = 2, ["desiredHealthy"] = 1, ["expectedPods"] = 2 } };
        var (_, ignored) = await Api.PatchAsync($"{Pdbs}/p", status, ct: Token);
        Assert.Equal(0, (int)ignored["status"]!["expectedPods"]!); // as the disruption controller found it: no pods
        var (code, written) = await Api.PatchAsync($"{Pdbs}/p/status", status, ct: Token);
        Assert.Equal(200, code);
        Assert.Equal(1, (int)written["status"]!["disruptionsAllowed"]!);
        Assert.Equal(1, (int)written["metadata"]!["generation"]!);
        await Api.PatchAsync($"{Pdbs}/p", new JsonObject { ["spec"] = new JsonObject { ["maxUnavailable"] = 2 } }, ct: Token);
        var (_, respec) = await Api.GetAsync($"{Pdbs}/p", Token);
        Assert.Equal(2, (int)respec["metadata"]!["generation"]!);
        Assert.Equal(2, (int)respec["status"]!["observedGeneration"]!);
    }

    /// <summary>Each case: the budget, then expected/healthy/desired pods, disruptionsAllowed and the condition, for 3 ready pods.</summary>
    [Theory]
    [InlineData("""{"maxUnavailable":1}""", "3/3/2/1/True")]
    [InlineData("""{"maxUnavailable":"50%"}""", "3/3/1/2/True")]
    [InlineData("""{"minAvailable":3}""", "3/3/3/0/False")]
    [InlineData("""{"minAvailable":"50%"}""", "3/3/2/1/True")]
    [InlineData("""{"minAvailable":1,"selector":{"matchLabels":{"app":"other"}}}""", "0/0/1/0/False")]
    [InlineData("""{"maxUnavailable":1,"selector":{"matchExpressions":[{"key":"app","operator":"In","values":["web","api"]}]}}""", "3/3/2/1/True")]
    public async Task Disruption_controller_reports_the_budget_over_the_ready_pods_it_selects(string spec, string expected)
    {
        const string Deployment = """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":3,
             "selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"c","image":"i"}]}}}}
            """;
        await Api.PostAsync("/apis/apps/v1/namespaces/default/deployments", JsonNode.Parse(Deployment)!, Token);
        var budget = (JsonObject)JsonNode.Parse(spec)!;
        budget["selector"] ??= new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "web" } };
        var (code, created) = await Api.PostAsync("/apis/policy/v1/namespaces/default/poddisruptionbudgets",
            new JsonObject { ["metadata"] = new JsonObject { ["name"] = "web" }, ["spec"] = budget }, Token);
        Assert.True(code == 201, created.ToJsonString());
        var (_, pdb) = await Api.GetAsync("/apis/policy/v1/namespaces/default/poddisruptionbudgets/web", Token);
        var s = pdb["status"]!;
        var condition = s["conditions"]!.AsArray().Single()!;
        Assert.Equal("DisruptionAllowed", condition["type"]!.GetValue<string>());
        Assert.Equal(expected, $"{s["expectedPods"]}/{s["currentHealthy"]}/{s["desiredHealthy"]}/{s["disruptionsAllowed"]}/{condition["status"]}");

        // A pod going away is seen at once: one fewer healthy, so one fewer disruption allowed.
        var (_, pods) = await Api.GetAsync("/api/v1/namespaces/default/pods?labelSelector=app%3Dweb", Token);
        if (pods["items"]!.AsArray().FirstOrDefault() is JsonObject pod && (int)s["disruptionsAllowed"]! > 0)
        {
            await Api.PatchAsync($"/api/v1/namespaces/default/pods/{pod["metadata"]!["name"]}/status",
                new JsonObject { ["status"] = new JsonObject { ["phase"] = "Failed" } }, ct: Token);
            var (_, after) = await Api.GetAsync("/apis/policy/v1/namespaces/default/poddisruptionbudgets/web", Token);
            Assert.Equal((int)s["disruptionsAllowed"]! - 1, (int)after["status"]!["disruptionsAllowed"]!);
        }
    }

    [Fact]
    public async Task Secret_string_data_is_stored_base64_encoded_in_data()
    {
        var (code, secret) = await Api.PostAsync("/api/v1/namespaces/default/secrets", new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "s" },
            ["data"] = new JsonObject { ["kept"] = "AQI=", ["replaced"] = "AAAA" },
            ["stringData"] = new JsonObject { ["replaced"] = "new", ["user"] = "sluice" },
        }, Token);
        Assert.Equal(201, code);
        Assert.Null(secret["stringData"]);
        Assert.Equal("Opaque", secret["type"]!.GetValue<string>());
        Assert.Equal("""{"kept":"AQI=","replaced":"bmV3","user":"c2x1aWNl"}""", secret["data"]!.ToJsonString());
    }
}
