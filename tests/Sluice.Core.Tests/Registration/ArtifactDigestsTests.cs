using System.Text.Json;
using Sluice.Core.Results;

namespace Sluice.Core.Tests.Registration;

public sealed class ArtifactDigestsTests
{
    private static Dictionary<string, JsonElement> Results(string json) =>
        JsonDocument.Parse(json).RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());

    [Theory]
    [InlineData("""{"artifacts":{"model":{"sha256":"AAAA","size":1}}}""", null)]
    [InlineData("""{"artifacts":{"model":"x"}}""", null)]
    [InlineData("""{"artifacts":[]}""", null)]
    [InlineData("""{"roc_auc":0.9}""", null)]
    [InlineData("""{"artifacts":{"other":{"sha256":"0000000000000000000000000000000000000000000000000000000000000000"}}}""", null)]
    [InlineData("""{"artifacts":{"model":{"sha256":"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}}}""", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void Only_a_well_formed_digest_of_the_named_output_is_taken(string json, string? sha) =>
        Assert.Equal(sha, ArtifactDigests.Sha256(Results(json), "model"));
}
