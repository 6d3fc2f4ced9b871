using System.Text.Json.Nodes;

namespace Sluice.Testing.ApiServer.Tests;

public sealed class DeletionTests : RawApiTest
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    private async Task<JsonObject> CreateAsync(string name, string[]? finalizers = null, JsonObject? owner = null, bool block = false)
    {
        var meta = new JsonObject { ["name"] = name };
        if (finalizers is not null)
        {
            meta["finalizers"] = new JsonArray(finalizers.Select(f => (JsonNode?)JsonValue.Create(f)).ToArray());
        }
        if (owner is not null)
        {
            meta["ownerReferences"] = new JsonArray(new JsonObject
            {
                ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["name"] = owner["metadata"]!["name"]!.GetValue<string>(),
                ["uid"] = owner["metadata"]!["uid"]!.GetValue<string>(), ["blockOwnerDeletion"] = block,
            });
        }
        var (code, body) = await Api.PostAsync(ConfigMaps, new JsonObject { ["metadata"] = meta }, Token);
        Assert.Equal(201, code);
        return body;
    }

    private async Task<bool> ExistsAsync(string name) => (await Api.GetAsync($"{ConfigMaps}/{name}", Token)).Code == 200;

    private Task RemoveFinalizersAsync(string name) =>
        Api.PatchAsync($"{ConfigMaps}/{name}", JsonNode.Parse("""{"metadata":{"finalizers":null}}""")!, ct: Token);

    [Fact]
    public async Task Finalizer_holds_the_owner_then_removal_deletes_it_and_garbage_collects_dependents_after()
    {
        var owner = await CreateAsync("owner", ["test/hold"]);
        await CreateAsync("child", owner: owner);
        var watch = Api.WatchAsync($"{ConfigMaps}?watch=true&resourceVersion={Server.ResourceVersion}", 3, Token);
        await Server.WaitForWatchesAsync(1, Token);

        var (code, pending) = await Api.DeleteAsync($"{ConfigMaps}/owner", ct: Token);
        Assert.Equal(202, code);
        Assert.NotNull(pending["metadata"]!["deletionTimestamp"]);
        Assert.True(await ExistsAsync("child"));

        await RemoveFinalizersAsync("owner");
        var events = await watch;
        Assert.Equal(["MODIFIED:owner", "DELETED:owner", "DELETED:child"],
            events.Select(e => $"{e["type"]}:{e["object"]!["metadata"]!["name"]}"));
        Assert.False(await ExistsAsync("child"));
    }

    [Fact]
    public async Task Foreground_waits_for_blocking_dependents()
    {
        var owner = await CreateAsync("owner");
        await CreateAsync("child", ["test/hold"], owner, block: true);
        await Api.DeleteAsync($"{ConfigMaps}/owner", new JsonObject { ["propagationPolicy"] = "Foreground" }, Token);
        var (_, held) = await Api.GetAsync($"{ConfigMaps}/owner", Token);
        Assert.Contains("foregroundDeletion", held["metadata"]!["finalizers"]!.AsArray().Select(f => f!.GetValue<string>()));
        var (_, child) = await Api.GetAsync($"{ConfigMaps}/child", Token);
        Assert.NotNull(child["metadata"]!["deletionTimestamp"]);

        await RemoveFinalizersAsync("child");
        Assert.False(await ExistsAsync("child"));
        Assert.False(await ExistsAsync("owner"));
    }

    [Fact]
    public async Task Orphan_keeps_dependents_and_drops_their_owner_reference()
    {
        var owner = await CreateAsync("owner");
        await CreateAsync("child", owner: owner);
        await Api.DeleteAsync($"{ConfigMaps}/owner?propagationPolicy=Orphan", ct: Token);
        var (code, child) = await Api.GetAsync($"{ConfigMaps}/child", Token);
        Assert.Equal(200, code);
        Assert.Null(child["metadata"]!["ownerReferences"]);
    }

    [Fact]
    public async Task Background_deletes_dependents_at_once()
    {
        var owner = await CreateAsync("owner");
        await CreateAsync("child", owner: owner);
        var (code, _) = await Api.DeleteAsync($"{ConfigMaps}/owner", ct: Token);
        Assert.Equal(200, code);
        Assert.False(await ExistsAsync("child"));
    }

    [Fact]
    public async Task No_new_finalizers_on_an_object_being_deleted()
    {
        await CreateAsync("x", ["test/a"]);
        await Api.DeleteAsync($"{ConfigMaps}/x", ct: Token);
        var (code, _) = await Api.PatchAsync($"{ConfigMaps}/x", JsonNode.Parse("""{"metadata":{"finalizers":["test/a","test/b"]}}""")!, ct: Token);
        Assert.Equal(422, code);
    }

    [Fact]
    public async Task Deleting_a_namespace_deletes_its_objects()
    {
        await Api.PostAsync("/api/v1/namespaces", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "gone" } }, Token);
        await Api.PostAsync("/api/v1/namespaces/gone/configmaps", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "c" } }, Token);
        await Api.DeleteAsync("/api/v1/namespaces/gone", ct: Token);
        Assert.Equal(404, (await Api.GetAsync("/api/v1/namespaces/gone/configmaps/c", Token)).Code);
        Assert.Equal(404, (await Api.GetAsync("/api/v1/namespaces/gone", Token)).Code);
    }
}
