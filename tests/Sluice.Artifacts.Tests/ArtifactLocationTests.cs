namespace Sluice.Artifacts.Tests;

public sealed class ArtifactLocationTests
{
    [Theory]
    [InlineData("s3://bucket/a/b.csv", true, "bucket", "a/b.csv")]
    [InlineData("s3://bucket", true, "bucket", "")]
    [InlineData("s3://bucket/prefix/", true, "bucket", "prefix")]
    [InlineData("file:///tmp/x/y.csv", false, "", "/tmp/x/y.csv")]
    [InlineData("/tmp/x/../y.csv", false, "", "/tmp/y.csv")]
    [InlineData("rel/z.csv", false, "", "/work/rel/z.csv")]
    public void Parses_supported_uris(string uri, bool isS3, string bucket, string path)
    {
        var location = ArtifactLocation.Parse(uri, "/work");
        Assert.Equal(new ArtifactLocation(isS3, bucket, path), location);
    }

    [Theory]
    [InlineData("")]
    [InlineData("s3:///key")]
    [InlineData("gs://bucket/key")]
    public void Rejects_bad_uris_with_a_message_naming_them(string uri)
    {
        var e = Assert.Throws<ArgumentException>(() => ArtifactLocation.Parse(uri, "/work"));
        Assert.Contains("artifact URI", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Layout_is_namespace_pipeline_run_stage_artifact()
    {
        Assert.Equal("ns/pipe/run-7/train/model.onnx", ArtifactKeys.For("ns", "pipe", "run-7", "train", "model.onnx"));
        Assert.Throws<ArgumentException>(() => ArtifactKeys.For("ns", "a/b", "r", "s", "x"));
    }
}
