using Sluice.Core.Results;

namespace Sluice.Core.Tests.Gate;

public sealed class StageResultsTests
{
    [Theory]
    [InlineData("", 0)]
    [InlineData("  \n", 0)]
    [InlineData("{}", 0)]
    [InlineData("{\"roc_auc\": 0.9871, \"model\": \"s3://b/m\"}", 2)]
    public void A_JSON_object_is_the_stages_results(string message, int count)
    {
        var parsed = StageResults.Parse(message);

        Assert.Null(parsed.Error);
        Assert.Equal(count, parsed.Results!.Count);
    }

    [Theory]
    [InlineData("[1, 2]", "its results must be a JSON object, not array")]
    [InlineData("\"done\"", "its results must be a JSON object, not string")]
    [InlineData("training finished", "its results are not JSON (")]
    [InlineData("{\"a\": ", "its results are not JSON (")]
    public void Anything_else_fails_the_stage_saying_why(string message, string error) =>
        Assert.StartsWith(error, StageResults.Parse(message).Error, StringComparison.Ordinal);

    [Fact]
    public void Results_over_4096_bytes_fail_the_stage_with_their_size()
    {
        var big = "{\"blob\": \"" + new string('é', 2100) + "\"}";

        var parsed = StageResults.Parse(big);

        Assert.Null(parsed.Results);
        Assert.Equal("its results are 4212 bytes, more than the 4096 a termination message holds; write large outputs as artifacts", parsed.Error);
    }

    [Fact]
    public void Metrics_are_the_numeric_members_as_exact_decimals()
    {
        var results = StageResults.Parse("{\"roc_auc\": 0.98710, \"rows\": 114, \"name\": \"x\", \"baseline\": {\"roc_auc\": 0.9730}}").Results!;

        Assert.Equal(new Dictionary<string, decimal> { ["roc_auc"] = 0.98710m, ["rows"] = 114m }, StageResults.Numbers(results));
        Assert.Equal(new Dictionary<string, decimal> { ["roc_auc"] = 0.9730m }, StageResults.Numbers(results, "baseline"));
        Assert.Empty(StageResults.Numbers(results, "missing"));
    }
}
