using System.Text.Json.Nodes;

namespace Sluice.Testing.ApiServer.Tests;

/// <summary>
/// A watch with a label or field selector sees objects enter and leave its selection, as the real apiserver's watch
/// cache sends them: ADDED when an object starts matching, DELETED (with its last matching state) when it stops.
/// Informers rely on this to drop objects from their caches.
/// </summary>
public sealed class SelectorWatchTests : RawApiTest
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    /// <summary>Each case: the object's tier at creation, what happens to it, the selector, and the events seen as TYPE:tier.</summary>
    [Theory]
    [InlineData("web", "relabel db", "tier=web", new[] { "DELETED:web" })]
    [InlineData("db", "relabel web", "tier=web", new[] { "ADDED:web" })]
    [InlineData("web", "relabel web2", "tier in (web,web2)", new[] { "MODIFIED:web2" })]
    [InlineData("web", "edit data", "tier=web", new[] { "MODIFIED:web" })]
    [InlineData("db", "edit data", "tier=web", new string[0])]
    [InlineData("web", "delete", "tier=web", new[] { "DELETED:web" })]
    [InlineData("db", "delete", "tier=web", new string[0])]
    [InlineData("web", "relabel db", "tier!=web", new[] { "ADDED:db" })]
    [InlineData("web", "drop label", "tier", new[] { "DELETED:web" })]
    [InlineData("web", "relabel db, relabel web", "tier=web", new[] { "DELETED:web", "ADDED:web" })]
    public async Task Watch_with_a_label_selector_sees_objects_enter_and_leave_it(string tier, string steps, string selector, string[] expected)
    {
        var rv = await CreateAsync("c", tier);
        foreach (var step in steps.Split(", "))
        {
            await ApplyAsync("c", step);
        }
        var events = await Api.WatchAsync($"{ConfigMaps}?watch=true&resourceVersion={rv}&timeoutSeconds=1&labelSelector={Uri.EscapeDataString(selector)}", 10, Token);
        Assert.Equal(expected, events.Select(e => $"{e["type"]}:{e["object"]!["metadata"]!["labels"]?["tier"]}"));
    }

    [Fact]
    public async Task Leaving_the_selection_is_sent_at_the_resource_version_of_the_change_so_a_rewatch_resumes_after_it()
    {
        var rv = await CreateAsync("c", "web");
        await ApplyAsync("c", "relabel db");
        var (_, current) = await Api.GetAsync($"{ConfigMaps}/c", Token);
        var events = await Api.WatchAsync($"{ConfigMaps}?watch=true&resourceVersion={rv}&timeoutSeconds=1&labelSelector=tier%3Dweb", 10, Token);
        var deleted = Assert.Single(events);
        Assert.Equal("DELETED", deleted["type"]!.GetValue<string>());
        Assert.Equal(current["metadata"]!["resourceVersion"]!.GetValue<string>(), deleted["object"]!["metadata"]!["resourceVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task Live_watch_with_a_field_selector_sees_the_named_object_only()
    {
        await CreateAsync("other", "web");
        var rv = await CreateAsync("c", "web");
        var watch = Api.WatchAsync($"{ConfigMaps}?watch=true&resourceVersion={rv}&timeoutSeconds=2&fieldSelector=metadata.name%3Dc&labelSelector=tier%3Dweb", 2, Token);
        await Server.WaitForWatchesAsync(1, Token);
        await ApplyAsync("other", "relabel db");
        await ApplyAsync("c", "relabel db");
        await ApplyAsync("c", "relabel web");
        var events = await watch;
        Assert.Equal(["DELETED", "ADDED"], events.Select(e => e["type"]!.GetValue<string>()));
        Assert.All(events, e => Assert.Equal("c", e["object"]!["metadata"]!["name"]!.GetValue<string>()));
    }

    private async Task<string> CreateAsync(string name, string tier)
    {
        var (code, body) = await Api.PostAsync(ConfigMaps, new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["tier"] = tier } },
        }, Token);
        Assert.Equal(201, code);
        return body["metadata"]!["resourceVersion"]!.GetValue<string>();
    }

    private async Task ApplyAsync(string name, string step)
    {
        var (code, body) = step.Split(' ') switch
        {
            ["relabel", var tier] => await Api.PatchAsync($"{ConfigMaps}/{name}", new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["tier"] = tier } } }, ct: Token),
            ["drop", "label"] => await Api.PatchAsync($"{ConfigMaps}/{name}", new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["tier"] = null } } }, ct: Token),
            ["edit", "data"] => await Api.PatchAsync($"{ConfigMaps}/{name}", new JsonObject { ["data"] = new JsonObject { ["k"] = Guid.NewGuid().ToString() } }, ct: Token),
            ["delete"] => await Api.DeleteAsync($"{ConfigMaps}/{name}", ct: Token),
            _ => throw new ArgumentException($"unknown step {step}", nameof(step)),
        };
        Assert.True(code is 200 or 202, $"{step}: {code} {body.ToJsonString()}");
    }
}
