using Sluice.Core.Api;
using Sluice.Operator.Stages;

namespace Sluice.Operator.Tests.Stages;

public sealed class StageArtifactsTests
{
    public static TheoryData<string, ArtifactRepository?, string?, string?, string?, string, string?, string?, string?> Cases => new()
    {
        {
            "spec repository with a key prefix",
            new ArtifactRepository { Bucket = "ml", KeyPrefix = "/team-a/", Endpoint = "http://minio:9000", Region = "eu-west-1", CredentialsSecret = new() { Name = "team-s3" } },
            "http://default:9000", "default-bucket", "default-secret",
            "s3://ml/team-a/prod/churn/churn-1", "http://minio:9000", "eu-west-1", "team-s3"
        },
        {
            "spec repository without endpoint is AWS and does not borrow the default secret",
            new ArtifactRepository { Bucket = "ml" },
            "http://default:9000", "default-bucket", "default-secret",
            "s3://ml/prod/churn/churn-1", null, null, null
        },
        {
            "operator defaults",
            null, "http://minio.storage:9000", "sluice-artifacts", "sluice-s3",
            "s3://sluice-artifacts/prod/churn/churn-1", "http://minio.storage:9000", null, "sluice-s3"
        },
        {
            "operator defaults without endpoint or secret",
            null, null, "sluice-artifacts", "",
            "s3://sluice-artifacts/prod/churn/churn-1", null, null, null
        },
        {
            "a repository with an empty bucket falls back to the defaults",
            new ArtifactRepository { Bucket = "" }, null, "sluice-artifacts", null,
            "s3://sluice-artifacts/prod/churn/churn-1", null, null, null
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Resolves_from_the_spec_else_the_operator_defaults(
        string why, ArtifactRepository? repo, string? defaultEndpoint, string? defaultBucket, string? defaultSecret,
        string runUri, string? endpoint, string? region, string? secret)
    {
        var artifacts = StageArtifacts.Resolve(repo, defaultEndpoint, defaultBucket, defaultSecret, "prod", "churn", "churn-1");

        Assert.True(runUri == artifacts.RunUri, why);
        Assert.Equal(endpoint, artifacts.Endpoint);
        Assert.Equal(region, artifacts.Region);
        Assert.Equal(secret, artifacts.Secret?.Name);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Without_any_bucket_the_error_names_both_ways_to_set_one(string? defaultBucket)
    {
        var e = Assert.Throws<InvalidOperationException>(
            () => StageArtifacts.Resolve(null, "http://minio:9000", defaultBucket, "s3", "prod", "churn", "churn-1"));

        Assert.Contains("spec.artifactRepository", e.Message, StringComparison.Ordinal);
        Assert.Contains("--default-artifact-bucket", e.Message, StringComparison.Ordinal);
        Assert.Contains("prod/churn", e.Message, StringComparison.Ordinal);
    }
}
