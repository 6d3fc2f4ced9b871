using System.Text.Json.Nodes;

namespace Sluice.Testing.ApiServer.Tests;

public sealed class DeletionTests : IAsyncLifetime
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";
    private TestApiServer server = null!;
    private RawApi api = null!;
    private readonly CancellationTokenSource cts = new(TimeSpan.FromSeconds(30));

    public async Task InitializeAsync()
    {
        server = await TestApiServer.StartAsync(ct: cts.Token);
        api = new RawApi(server.Url);
    }

    public async Task DisposeAsync()
    {
        api.Dispose();
        await server.DisposeAsync();
        cts.Dispose();
    }

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
        var (code, body) = await api.PostAsync(ConfigMaps, new JsonObject { ["metadata"] = meta }, cts.Token);
        Assert.Equal(201, code);
        return body;
    }

    private async Task<bool> ExistsAsync(string name) => (await api.GetAsync($"{ConfigMaps}/{name}", cts.Token)).Code == 200;

    private Task RemoveFinalizersAsync(string name) =>
        api.PatchAsync($"{ConfigMaps}/{name}", JsonNode.Parse("""{"metadata":{"finalizers":null}}""")!, ct: cts.Token);

    [Fact]
    public async Task Finalizer_holds_the_owner_then_removal_deletes_it_and_garbage_collects_dependents_after()
    {
        var owner = await CreateAsync("owner", ["test/hold"]);
        await CreateAsync("child", owner: owner);
        var watch = api.WatchAsync($"{ConfigMaps}?watch=true&resourceVersion={server.ResourceVersion}", 3, cts.Token);
        await server.WaitForWatchesAsync(1, cts.Token);

        var (code, pending) = await api.DeleteAsync($"{ConfigMaps}/owner", ct: cts.Token);
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
        await api.DeleteAsync($"{ConfigMaps}/owner", new JsonObject { ["propagationPolicy"] = "Foreground" }, cts.Token);
        var (_, held) = await api.GetAsync($"{ConfigMaps}/owner", cts.Token);
        Assert.Contains("foregroundDeletion", held["metadata"]!["finalizers"]!.AsArray().Select(f => f!.GetValue<string>()));
        var (_, child) = await api.GetAsync($"{ConfigMaps}/child", cts.Token);
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
        await api.DeleteAsync($"{ConfigMaps}/owner?propagationPolicy=Orphan", ct: cts.Token);
        var (code, child) = await api.GetAsync($"{ConfigMaps}/child", cts.Token);
        Assert.Equal(200, code);
        Assert.Null(child["metadata"]!["ownerReferences"]);
    }

    [Fact]
    public async Task Background_deletes_dependents_at_once()
    {
        var owner = await CreateAsync("owner");
        await CreateAsync("child", owner: owner);
        var (code, _) = await api.DeleteAsync($"{ConfigMaps}/owner", ct: cts.Token);
        Assert.Equal(200, code);
        Assert.False(await ExistsAsync("child"));
    }

    [Fact]
    public async Task No_new_finalizers_on_an_object_being_deleted()
    {
        await CreateAsync("x", ["test/a"]);
        await api.DeleteAsync($"{ConfigMaps}/x", ct: cts.Token);
        var (code, _) = await api.PatchAsync($"{ConfigMaps}/x", JsonNode.Parse("""{"metadata":{"finalizers":["test/a","test/b"]}}""")!, ct: cts.Token);
        Assert.Equal(422, code);
    }

    [Fact]
    public async Task Deleting_a_namespace_deletes_its_objects()
    {
        await api.PostAsync("/api/v1/namespaces", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "gone" } }, cts.Token);
        await api.PostAsync("/api/v1/namespaces/gone/configmaps", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "c" } }, cts.Token);
        await api.DeleteAsync("/api/v1/namespaces/gone", ct: cts.Token);
        Assert.Equal(404, (await api.GetAsync("/api/v1/namespaces/gone/configmaps/c", cts.Token)).Code);
        Assert.Equal(404, (await api.GetAsync("/api/v1/namespaces/gone", cts.Token)).Code);
    }
}
