using System.Text.Json.Nodes;

namespace Sluice.Testing.ApiServer.Tests;

public sealed class ObjectSemanticsTests : RawApiTest
{
    private const string Widgets = "/apis/test.sluice.dev/v1/namespaces/default/widgets";
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    protected override TestApiServerOptions Options => new() { HistoryLimit = 20 };

    protected override Task StartedAsync() => Api.ApplyWidgetCrdAsync(Token);

    private static JsonObject Widget(string name, int size = 3) =>
        new() { ["apiVersion"] = "test.sluice.dev/v1", ["kind"] = "Widget", ["metadata"] = new JsonObject { ["name"] = name }, ["spec"] = new JsonObject { ["size"] = size } };

    private static JsonObject ConfigMap(string name) =>
        new() { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = new JsonObject { ["name"] = name }, ["data"] = new JsonObject { ["a"] = "1" } };

    [Fact]
    public async Task Create_sets_uid_timestamp_generation_and_a_growing_resource_version()
    {
        var (code, a) = await Api.PostAsync(Widgets, Widget("a"), Token);
        var (_, b) = await Api.PostAsync(Widgets, Widget("b"), Token);
        Assert.Equal(201, code);
        Assert.True(Guid.TryParse(a["metadata"]!["uid"]!.GetValue<string>(), out _));
        Assert.NotNull(a["metadata"]!["creationTimestamp"]);
        Assert.Equal(1, (int)a["metadata"]!["generation"]!);
        Assert.True(long.Parse(b["metadata"]!["resourceVersion"]!.GetValue<string>()) > long.Parse(a["metadata"]!["resourceVersion"]!.GetValue<string>()));
        Assert.Equal("blue", a["spec"]!["color"]!.GetValue<string>());
    }

    [Fact]
    public async Task GenerateName_gets_a_random_suffix()
    {
        var w = Widget("");
        w["metadata"] = new JsonObject { ["generateName"] = "gen-" };
        var (code, body) = await Api.PostAsync(Widgets, w, Token);
        Assert.Equal(201, code);
        Assert.Matches("^gen-[a-z0-9]{5}$", body["metadata"]!["name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("create existing", 409, "AlreadyExists")]
    [InlineData("get missing", 404, "NotFound")]
    [InlineData("stale update", 409, "Conflict")]
    [InlineData("namespace missing", 404, "NotFound")]
    [InlineData("bad json patch test", 422, "Invalid")]
    [InlineData("strategic patch on custom resource", 415, "UnsupportedMediaType")]
    public async Task Errors_are_Status_objects_with_code_and_reason(string scenario, int code, string reason)
    {
        var (_, created) = await Api.PostAsync(Widgets, Widget("w"), Token);
        await Api.PatchAsync($"{Widgets}/w", new JsonObject { ["spec"] = new JsonObject { ["size"] = 4 } }, ct: Token);
        var result = scenario switch
        {
            "create existing" => await Api.PostAsync(Widgets, Widget("w"), Token),
            "get missing" => await Api.GetAsync($"{Widgets}/nope", Token),
            "stale update" => await Api.PutAsync($"{Widgets}/w", created, Token),
            "namespace missing" => await Api.PostAsync("/apis/test.sluice.dev/v1/namespaces/nope/widgets", Widget("x"), Token),
            "bad json patch test" => await Api.PatchAsync($"{Widgets}/w", JsonNode.Parse("""[{"op":"test","path":"/spec/size","value":99}]""")!, "application/json-patch+json", Token),
            _ => await Api.PatchAsync($"{Widgets}/w", new JsonObject(), "application/strategic-merge-patch+json", Token),
        };
        Assert.Equal(code, result.Code);
        Assert.Equal("Status", result.Body["kind"]!.GetValue<string>());
        Assert.Equal(reason, result.Body["reason"]!.GetValue<string>());
        Assert.Equal(code, (int)result.Body["code"]!);
    }

    [Theory]
    [InlineData("widget spec", true, 2)]
    [InlineData("widget label", true, 1)]
    [InlineData("widget status via main endpoint", true, 1)]
    [InlineData("widget status via subresource", true, 1)]
    // ConfigMaps have no generation at all: their registry strategy never sets one (pkg/registry/core/configmap/strategy.go).
    [InlineData("configmap data", false, null)]
    [InlineData("configmap label", false, null)]
    public async Task Generation_bumps_only_on_spec_changes(string change, bool widget, int? expected)
    {
        var path = widget ? Widgets : ConfigMaps;
        await Api.PostAsync(path, widget ? Widget("g") : ConfigMap("g"), Token);
        JsonObject patch = change switch
        {
            "widget spec" => new() { ["spec"] = new JsonObject { ["size"] = 9 } },
            "configmap data" => new() { ["data"] = new JsonObject { ["a"] = "2" } },
            "widget status via main endpoint" or "widget status via subresource" => new() { ["status"] = new JsonObject { ["phase"] = "Running" } },
            _ => new() { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["x"] = "y" } } },
        };
        var sub = change.EndsWith("subresource", StringComparison.Ordinal) ? "/status" : "";
        var (code, body) = await Api.PatchAsync($"{path}/g{sub}", patch, ct: Token);
        Assert.Equal(200, code);
        Assert.Equal(expected, (int?)body["metadata"]!["generation"]);
        if (change == "widget status via main endpoint")
        {
            Assert.Null(body["status"]);
        }
        if (change == "widget status via subresource")
        {
            Assert.Equal("Running", body["status"]!["phase"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Status_subresource_ignores_spec_changes()
    {
        await Api.PostAsync(Widgets, Widget("s"), Token);
        var (_, body) = await Api.PatchAsync($"{Widgets}/s/status", new JsonObject { ["spec"] = new JsonObject { ["size"] = 50 }, ["status"] = new JsonObject { ["phase"] = "Done" } }, ct: Token);
        Assert.Equal(3, (int)body["spec"]!["size"]!);
        Assert.Equal("Done", body["status"]!["phase"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_write_that_changes_nothing_keeps_the_resource_version()
    {
        var (_, created) = await Api.PostAsync(Widgets, Widget("n"), Token);
        var (_, patched) = await Api.PatchAsync($"{Widgets}/n", new JsonObject { ["spec"] = new JsonObject { ["size"] = 3 } }, ct: Token);
        Assert.Equal(created["metadata"]!["resourceVersion"]!.GetValue<string>(), patched["metadata"]!["resourceVersion"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"size":0}""", "spec.size", "greater than or equal to 1")]
    [InlineData("""{"size":"big"}""", "spec.size", "must be of type integer")]
    [InlineData("""{"color":"red"}""", "spec.size", "Required value")]
    [InlineData("""{"size":2,"color":"pink"}""", "spec.color", "Unsupported value")]
    [InlineData("""{"size":2,"name":"Bad_Name"}""", "spec.name", "should match")]
    [InlineData("""{"size":2,"name":"a-very-long-name-that-is-too-long"}""", "spec.name", "Too long")]
    [InlineData("""{"size":2,"tags":["a","b","c","d"]}""", "spec.tags", "Too many")]
    public async Task Invalid_custom_resources_get_422_with_the_field_path(string spec, string field, string message)
    {
        var w = Widget("bad");
        w["spec"] = JsonNode.Parse(spec);
        var (code, body) = await Api.PostAsync(Widgets, w, Token);
        Assert.Equal(422, code);
        var causes = body["details"]!["causes"]!.AsArray();
        Assert.Contains(causes, c => c!["field"]!.GetValue<string>() == field && c["message"]!.GetValue<string>().Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unknown_fields_are_pruned_or_rejected_under_strict_validation()
    {
        var w = Widget("u");
        w["spec"]!["bogus"] = 1;
        w["spec"]!["extra"] = new JsonObject { ["kept"] = true };
        var (strictCode, strictBody) = await Api.PostAsync(Widgets + "?fieldValidation=Strict", w, Token);
        Assert.Equal(400, strictCode);
        Assert.Contains("unknown field \"spec.bogus\"", strictBody["message"]!.GetValue<string>(), StringComparison.Ordinal);
        var (code, body) = await Api.PostAsync(Widgets, w, Token);
        Assert.Equal(201, code);
        Assert.Null(body["spec"]!["bogus"]);
        Assert.True(body["spec"]!["extra"]!["kept"]!.GetValue<bool>());
    }
}
