using System.Text.Json.Nodes;

namespace Sluice.Testing.ApiServer.Tests;

public sealed class WatchTests : IAsyncLifetime
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";
    private TestApiServer server = null!;
    private RawApi api = null!;
    private readonly CancellationTokenSource cts = new(TimeSpan.FromSeconds(30));

    public async Task InitializeAsync()
    {
        server = await TestApiServer.StartAsync(new TestApiServerOptions { HistoryLimit = 5, BookmarkInterval = TimeSpan.FromMilliseconds(200) }, cts.Token);
        api = new RawApi(server.Url);
    }

    public async Task DisposeAsync()
    {
        api.Dispose();
        await server.DisposeAsync();
        cts.Dispose();
    }

    private Task<(int, JsonObject)> CreateAsync(string name, string? label = null) => api.PostAsync(ConfigMaps, new JsonObject
    {
        ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = label is null ? null : new JsonObject { ["tier"] = label } },
    }, cts.Token);

    [Fact]
    public async Task Watch_without_resource_version_starts_with_every_object_as_ADDED()
    {
        await CreateAsync("a");
        await CreateAsync("b");
        var events = await api.WatchAsync(ConfigMaps + "?watch=true&timeoutSeconds=1", 10, cts.Token);
        Assert.Equal(["ADDED", "ADDED"], events.Select(e => e["type"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Watch_from_a_resource_version_replays_later_events_in_order()
    {
        var (_, a) = await CreateAsync("a");
        var rv = a["metadata"]!["resourceVersion"]!.GetValue<string>();
        await api.PatchAsync($"{ConfigMaps}/a", new JsonObject { ["data"] = new JsonObject { ["k"] = "v" } }, ct: cts.Token);
        await api.DeleteAsync($"{ConfigMaps}/a", ct: cts.Token);
        var events = await api.WatchAsync($"{ConfigMaps}?watch=true&resourceVersion={rv}&timeoutSeconds=1", 10, cts.Token);
        Assert.Equal(["MODIFIED", "DELETED"], events.Select(e => e["type"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Watch_from_a_resource_version_older_than_the_history_gets_410_Expired_then_relist_works()
    {
        var (_, first) = await CreateAsync("first");
        for (var i = 0; i < 8; i++)
        {
            await CreateAsync($"cm{i}");
        }
        var old = first["metadata"]!["resourceVersion"]!.GetValue<string>();
        var events = await api.WatchAsync($"{ConfigMaps}?watch=true&resourceVersion={old}", 5, cts.Token);
        var error = Assert.Single(events);
        Assert.Equal("ERROR", error["type"]!.GetValue<string>());
        Assert.Equal(410, (int)error["object"]!["code"]!);
        Assert.Equal("Expired", error["object"]!["reason"]!.GetValue<string>());

        var (_, list) = await api.GetAsync(ConfigMaps, cts.Token);
        Assert.Equal(9, list["items"]!.AsArray().Count);
        var listRv = list["metadata"]!["resourceVersion"]!.GetValue<string>();
        var watch = api.WatchAsync($"{ConfigMaps}?watch=true&resourceVersion={listRv}", 1, cts.Token);
        await server.WaitForWatchesAsync(1, cts.Token);
        await CreateAsync("after");
        var live = await watch;
        Assert.Equal("after", live[0]["object"]!["metadata"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Forced_410_applies_to_the_next_watch_only()
    {
        var (_, a) = await CreateAsync("a");
        var rv = a["metadata"]!["resourceVersion"]!.GetValue<string>();
        server.Faults.ForceGoneOnNextWatch = true;
        var gone = await api.WatchAsync($"{ConfigMaps}?watch=true&resourceVersion={rv}&timeoutSeconds=1", 5, cts.Token);
        Assert.Equal("ERROR", gone[0]["type"]!.GetValue<string>());
        var fine = await api.WatchAsync($"{ConfigMaps}?watch=true&resourceVersion={rv}&timeoutSeconds=1", 5, cts.Token);
        Assert.Empty(fine);
    }

    [Fact]
    public async Task Idle_watch_with_bookmarks_gets_BOOKMARK_events_carrying_a_resource_version()
    {
        var (_, a) = await CreateAsync("a");
        var rv = a["metadata"]!["resourceVersion"]!.GetValue<string>();
        var events = await api.WatchAsync($"{ConfigMaps}?watch=true&allowWatchBookmarks=true&resourceVersion={rv}&timeoutSeconds=2", 1, cts.Token);
        Assert.Equal("BOOKMARK", events[0]["type"]!.GetValue<string>());
        Assert.Equal(rv, events[0]["object"]!["metadata"]!["resourceVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task SendInitialEvents_ends_the_initial_list_with_an_annotated_bookmark()
    {
        await CreateAsync("a");
        var events = await api.WatchAsync($"{ConfigMaps}?watch=true&sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan&timeoutSeconds=1", 2, cts.Token);
        Assert.Equal(["ADDED", "BOOKMARK"], events.Select(e => e["type"]!.GetValue<string>()));
        Assert.Equal("true", events[1]["object"]!["metadata"]!["annotations"]!["k8s.io/initial-events-end"]!.GetValue<string>());
    }

    [Fact]
    public async Task Simulated_restart_ends_open_watches()
    {
        var watch = api.WatchAsync($"{ConfigMaps}?watch=true", 100, cts.Token);
        await server.WaitForWatchesAsync(1, cts.Token);
        server.SimulateRestart();
        var events = await watch.WaitAsync(TimeSpan.FromSeconds(5), cts.Token);
        Assert.Empty(events);
    }

    [Theory]
    [InlineData("tier=web", new[] { "a" })]
    [InlineData("tier==web", new[] { "a" })]
    [InlineData("tier!=web", new[] { "b", "c" })]
    [InlineData("tier in (web,db)", new[] { "a", "b" })]
    [InlineData("tier notin (web)", new[] { "b", "c" })]
    [InlineData("tier", new[] { "a", "b" })]
    [InlineData("!tier", new[] { "c" })]
    public async Task Label_selectors_filter_lists(string selector, string[] expected)
    {
        await CreateAsync("a", "web");
        await CreateAsync("b", "db");
        await CreateAsync("c");
        var (_, list) = await api.GetAsync($"{ConfigMaps}?labelSelector={Uri.EscapeDataString(selector)}", cts.Token);
        Assert.Equal(expected, list["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Field_selector_and_limit_with_continue()
    {
        foreach (var n in new[] { "a", "b", "c" })
        {
            await CreateAsync(n);
        }
        var (_, one) = await api.GetAsync($"{ConfigMaps}?fieldSelector=metadata.name%3Db", cts.Token);
        Assert.Equal("b", one["items"]![0]!["metadata"]!["name"]!.GetValue<string>());
        var (_, page1) = await api.GetAsync($"{ConfigMaps}?limit=2", cts.Token);
        Assert.Equal(2, page1["items"]!.AsArray().Count);
        var token = page1["metadata"]!["continue"]!.GetValue<string>();
        var (_, page2) = await api.GetAsync($"{ConfigMaps}?limit=2&continue={Uri.EscapeDataString(token)}", cts.Token);
        Assert.Equal("c", Assert.Single(page2["items"]!.AsArray())!["metadata"]!["name"]!.GetValue<string>());
        Assert.Null(page2["metadata"]!["continue"]);
    }
}
