using System.Text.Json.Nodes;

namespace Sluice.Testing.ApiServer.Tests;

/// <summary>The autoscaling/v1 Scale subresource of Deployments: reads, writes, preconditions and validation.</summary>
public sealed class ScaleSubresourceTests : RawApiTest
{
    private const string Deployments = "/apis/apps/v1/namespaces/default/deployments";

    protected override async Task StartedAsync()
    {
        var (code, body) = await Api.PostAsync(Deployments, JsonNode.Parse("""
            {"metadata":{"name":"web"},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"},"matchExpressions":[{"key":"tier","operator":"Exists"}]},
             "template":{"metadata":{"labels":{"app":"web","tier":"f"}},"spec":{"containers":[{"name":"c","image":"i"}]}}}}
            """)!, Token);
        Assert.True(code == 201, body.ToJsonString());
    }

    [Fact]
    public async Task Scale_shows_desired_and_current_replicas_and_the_selector()
    {
        var (code, scale) = await Api.GetAsync($"{Deployments}/web/scale", Token);
        Assert.Equal(200, code);
        Assert.Equal("autoscaling/v1", scale["apiVersion"]!.GetValue<string>());
        Assert.Equal(2, (int)scale["spec"]!["replicas"]!);
        Assert.Equal(2, (int)scale["status"]!["replicas"]!);
        Assert.Equal("app=web,tier", scale["status"]!["selector"]!.GetValue<string>());
    }

    /// <summary>Each case: how the Scale is written, the replicas sent, whether the current resourceVersion is sent, the expected code.</summary>
    [Theory]
    [InlineData("put", 4, "current", 200)]
    [InlineData("put", 4, "stale", 409)]
    [InlineData("put", -1, "none", 422)]
    [InlineData("merge", 0, "none", 200)]
    [InlineData("json", 5, "none", 200)]
    public async Task Writing_the_scale_sets_spec_replicas(string how, int replicas, string rv, int expected)
    {
        var (_, scale) = await Api.GetAsync($"{Deployments}/web/scale", Token);
        var (code, body) = how switch
        {
            "put" => await Api.PutAsync($"{Deployments}/web/scale", WithRv(scale, replicas, rv), Token),
            "merge" => await Api.PatchAsync($"{Deployments}/web/scale", new JsonObject { ["spec"] = new JsonObject { ["replicas"] = replicas } }, ct: Token),
            _ => await Api.PatchAsync($"{Deployments}/web/scale", new JsonArray(new JsonObject { ["op"] = "replace", ["path"] = "/spec/replicas", ["value"] = replicas }), "application/json-patch+json", Token),
        };
        Assert.True(code == expected, body.ToJsonString());
        var (_, deployment) = await Api.GetAsync($"{Deployments}/web", Token);
        Assert.Equal(expected == 200 ? replicas : 2, (int)deployment["spec"]!["replicas"]!);
        if (expected == 200)
        {
            Assert.Equal(replicas, (int)deployment["status"]!["readyReplicas"]!);
            Assert.Equal(2, (int)deployment["metadata"]!["generation"]!);
        }
    }

    private static JsonObject WithRv(JsonObject scale, int replicas, string rv)
    {
        var copy = (JsonObject)scale.DeepClone();
        copy["spec"]!["replicas"] = replicas;
        var meta = (JsonObject)copy["metadata"]!;
        switch (rv)
        {
            case "stale":
                meta["resourceVersion"] = "1";
                break;
            case "none":
                meta.Remove("resourceVersion");
                break;
        }
        return copy;
    }
}
