using System.Text.Json.Nodes;

namespace Sluice.Testing.ApiServer.Tests;

/// <summary>core/v1 and events.k8s.io/v1 Events are one resource: what one API writes, the other reads, renamed.</summary>
public sealed class EventVersionsTests : RawApiTest
{
    private const string Core = "/api/v1/namespaces/default/events";
    private const string EventsApi = "/apis/events.k8s.io/v1/namespaces/default/events";

    private static JsonObject Subject(string name) => new() { ["apiVersion"] = "sluice.dev/v1alpha1", ["kind"] = "PipelineRun", ["name"] = name, ["namespace"] = "default" };

    /// <summary>Each case: the field as written through one API, the same field as read through the other.</summary>
    [Theory]
    [InlineData("events", "regarding", "involvedObject")]
    [InlineData("events", "note", "message")]
    [InlineData("events", "reportingController", "reportingComponent")]
    [InlineData("events", "deprecatedCount", "count")]
    [InlineData("events", "reason", "reason")]
    [InlineData("core", "involvedObject", "regarding")]
    [InlineData("core", "message", "note")]
    [InlineData("core", "source", "deprecatedSource")]
    [InlineData("core", "lastTimestamp", "deprecatedLastTimestamp")]
    public async Task A_field_written_through_one_api_reads_back_renamed_through_the_other(string writer, string written, string read)
    {
        JsonNode value = written switch
        {
            "regarding" or "involvedObject" => Subject("r1"),
            "source" or "deprecatedSource" => new JsonObject { ["component"] = "sluice-operator" },
            "deprecatedCount" or "count" => 3,
            "lastTimestamp" => "2026-01-01T00:00:00Z",
            _ => "Started",
        };
        var (code, body) = await Api.PostAsync(writer == "core" ? Core : EventsApi, new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "e1" },
            [written] = value.DeepClone(),
        }, Token);
        Assert.True(code == 201, body.ToJsonString());
        Assert.True(JsonNode.DeepEquals(value, body[written]), body.ToJsonString());
        var (_, other) = await Api.GetAsync($"{(writer == "core" ? EventsApi : Core)}/e1", Token);
        Assert.True(JsonNode.DeepEquals(value, other[read]), other.ToJsonString());
        if (written != read)
        {
            Assert.Null(other[written]);
        }
    }

    [Fact]
    public async Task Field_selectors_use_each_apis_own_names_and_one_name_is_taken_in_both()
    {
        await Api.PostAsync(EventsApi, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "a" }, ["regarding"] = Subject("r1"), ["note"] = "n" }, Token);
        await Api.PostAsync(Core, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "b" }, ["involvedObject"] = Subject("r2"), ["message"] = "m" }, Token);
        var (_, core) = await Api.GetAsync($"{Core}?fieldSelector=involvedObject.name%3Dr1", Token);
        Assert.Equal(["a"], core["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()));
        var (_, events) = await Api.GetAsync($"{EventsApi}?fieldSelector=regarding.name%3Dr2", Token);
        Assert.Equal(["b"], events["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()));
        Assert.Equal(409, (await Api.PostAsync(Core, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "a" } }, Token)).Code);
    }

    [Fact]
    public async Task A_core_watch_sees_events_written_through_events_k8s_io_in_the_core_shape()
    {
        var rv = Server.ResourceVersion;
        await Api.PostAsync(EventsApi, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "w" }, ["regarding"] = Subject("r1"), ["note"] = "hello" }, Token);
        await Api.PatchAsync($"{EventsApi}/w", new JsonObject { ["deprecatedCount"] = 2 }, ct: Token);
        var events = await Api.WatchAsync($"{Core}?watch=true&resourceVersion={rv}&timeoutSeconds=1", 5, Token);
        Assert.Equal(["ADDED", "MODIFIED"], events.Select(e => e["type"]!.GetValue<string>()));
        Assert.All(events, e => Assert.Equal("hello", e["object"]!["message"]!.GetValue<string>()));
        Assert.Equal(2, (int)events[1]["object"]!["count"]!);
        Assert.Equal("v1", events[1]["object"]!["apiVersion"]!.GetValue<string>());
    }
}
