using System.Text.Json.Nodes;
using Sluice.Testing.ApiServer.Patching;
using Sluice.Testing.ApiServer.Selection;

namespace Sluice.Testing.ApiServer.Tests;

public sealed class PatchAndPathTests
{
    private const string Doc = """{"spec":{"size":3},"status":{"conditions":[{"type":"Ready","status":"True"},{"type":"Degraded","status":"False"}]}}""";

    [Theory]
    [InlineData(".spec.size", "3")]
    [InlineData(".status.conditions[?(@.type==\"Ready\")].status", "True")]
    [InlineData(".status.conditions[?(@.type=='Degraded')].status", "False")]
    [InlineData(".status.conditions[0].type", "Ready")]
    [InlineData(".status.conditions[*].type", "Ready Degraded")]
    [InlineData("{.spec.missing}", "")]
    public void Printer_column_paths_evaluate_like_kubectl(string path, string expected) =>
        Assert.Equal(expected, SimpleJsonPath.Render(JsonNode.Parse(Doc), path));

    [Theory]
    [InlineData("""{"spec":{"containers":[{"name":"a","image":"x:2"}]}}""", """{"spec":{"containers":[{"name":"a","image":"x:2","env":[{"name":"E","value":"1"}]},{"name":"b","image":"y"}]}}""")]
    [InlineData("""{"spec":{"containers":[{"name":"b","$patch":"delete"}]}}""", """{"spec":{"containers":[{"name":"a","image":"x:1","env":[{"name":"E","value":"1"}]}]}}""")]
    [InlineData("""{"spec":{"$setElementOrder/containers":[{"name":"a"}],"containers":[{"name":"a","env":[{"name":"F","value":"2"}]}]}}""", """{"spec":{"containers":[{"name":"a","image":"x:1","env":[{"name":"E","value":"1"},{"name":"F","value":"2"}]},{"name":"b","image":"y"}]}}""")]
    [InlineData("""{"metadata":{"$deleteFromPrimitiveList/finalizers":["f1"]}}""", """{"metadata":{"finalizers":["f2"]},"spec":{"containers":[{"name":"a","image":"x:1","env":[{"name":"E","value":"1"}]},{"name":"b","image":"y"}]}}""")]
    public void Strategic_merge_patch_merges_lists_by_key(string patch, string expected)
    {
        var target = JsonNode.Parse("""{"spec":{"containers":[{"name":"a","image":"x:1","env":[{"name":"E","value":"1"}]},{"name":"b","image":"y"}]}}""")!;
        if (patch.Contains("finalizers", StringComparison.Ordinal))
        {
            target["metadata"] = JsonNode.Parse("""{"finalizers":["f1","f2"]}""");
        }
        var result = StrategicMergePatch.Apply(target, JsonNode.Parse(patch));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), result), result!.ToJsonString());
    }

    [Fact]
    public void Merge_patch_null_removes_a_field()
    {
        var result = MergePatch.Apply(JsonNode.Parse("""{"a":1,"b":{"c":2,"d":3}}"""), JsonNode.Parse("""{"b":{"c":null}}"""));
        Assert.Equal("""{"a":1,"b":{"d":3}}""", result!.ToJsonString());
    }
}
