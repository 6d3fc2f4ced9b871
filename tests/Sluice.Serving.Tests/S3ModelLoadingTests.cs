using Microsoft.Extensions.Logging.Abstractions;
using Minio;
using Minio.DataModel.Args;
using Sluice.Artifacts;
using Sluice.Serving.Hosting;
using Sluice.Serving.Models;

namespace Sluice.Serving.Tests;

/// <summary>Models fetched from a real S3 server (s3rver) through the artifact store, and from file:// URIs.</summary>
public sealed class S3ModelLoadingTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    private ServingOptions Options(string uri) => new()
    {
        Models = [new ModelSpec("m", uri)],
        Port = 0,
        LoadRetries = 1,
        LoadTimeout = TimeSpan.FromSeconds(20),
        S3 = s3.Server.Settings(createBucket: false),
    };

    private static async Task<ServingHost> StartAsync(ServingOptions options)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return await ServingHost.StartAsync(options, NullLoggerFactory.Instance, "test", TimeProvider.System, cts.Token);
    }

    private static async Task PublishAsync(IArtifactStore store, string key, string modelFile)
    {
        await using var file = File.OpenRead(RunningServer.ModelPath(modelFile));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await store.PutAsync(key, file, cts.Token);
    }

    [Fact]
    public async Task A_model_published_to_s3_is_served()
    {
        var (store, bucket) = await s3.NewBucketAsync();
        await PublishAsync(store, "models/iris/1/model.onnx", "iris_mlp.onnx");

        await using var server = await RunningServer.StartAsync(Options($"s3://{bucket}/models/iris/1/model.onnx"));

        var (status, body) = await server.PostAsync("/v2/models/m/infer",
            """{"inputs":[{"name":"features","shape":[1,4],"datatype":"FP32","data":[5.1,3.5,1.4,0.2]}]}""");
        Assert.Equal(200, status);
        Assert.NotEmpty(body!["outputs"]!.AsArray());
    }

    [Fact]
    public async Task A_profile_in_s3_names_the_features_of_a_model_without_names_and_a_missing_one_is_a_clear_error()
    {
        var (store, bucket) = await s3.NewBucketAsync();
        await PublishAsync(store, "runs/r1/train/model", "breast_cancer_mlp_v1.onnx");
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        using (var profile = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(TrainingProfiles.WithTargetJson())))
        {
            await store.PutAsync("runs/r1/validate/profile", profile, cts.Token);
        }

        var options = Options($"s3://{bucket}/runs/r1/train/model");
        ServingOptions WithProfile(string key) => options with { Models = [options.Models[0] with { Profile = $"s3://{bucket}/{key}" }] };

        await using (var server = await RunningServer.StartAsync(WithProfile("runs/r1/validate/profile")))
        {
            var meta = (await server.GetAsync("/v2/models/m")).Body!;
            Assert.StartsWith("mean_radius,mean_texture,", meta["parameters"]!["feature_names"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        var ex = await Assert.ThrowsAsync<ModelLoadException>(() => StartAsync(WithProfile("runs/r1/validate/none")));
        Assert.Equal($"model m: --profile s3://{bucket}/runs/r1/validate/none: s3://{bucket}/runs/r1/validate/none does not exist; check the bucket and key (and SLUICE_S3_ENDPOINT)", ex.Message);
    }

    [Fact]
    public async Task A_missing_object_is_a_clear_error_naming_model_option()
    {
        var (_, bucket) = await s3.NewBucketAsync();
        var uri = $"s3://{bucket}/models/none.onnx";

        var ex = await Assert.ThrowsAsync<ModelLoadException>(() => StartAsync(Options(uri)));

        Assert.Contains("--model " + uri, ex.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_bucket_is_a_clear_error_naming_model_option()
    {
        var uri = "s3://no-such-bucket-" + Guid.NewGuid().ToString("N")[..8] + "/model.onnx";

        var ex = await Assert.ThrowsAsync<ModelLoadException>(() => StartAsync(Options(uri)));

        Assert.Contains("--model " + uri, ex.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_corrupt_model_in_s3_is_a_clear_error()
    {
        var (store, bucket) = await s3.NewBucketAsync();
        await PublishAsync(store, "bad.onnx", "corrupt_truncated.onnx");

        var ex = await Assert.ThrowsAsync<ModelLoadException>(() => StartAsync(Options($"s3://{bucket}/bad.onnx")));

        Assert.Contains($"--model s3://{bucket}/bad.onnx is not a valid ONNX model", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_object_changed_after_publication_fails_the_store_sha256_check()
    {
        var (store, bucket) = await s3.NewBucketAsync();
        await PublishAsync(store, "model.onnx", "iris_mlp.onnx");
        // Overwrite the bytes but keep the recorded sha256, as bit rot or a foreign writer would.
        var stat = (await store.StatAsync("model.onnx", CancellationToken.None))!;
        var bytes = await File.ReadAllBytesAsync(RunningServer.ModelPath("breast_cancer_mlp_v1.onnx"));
        using (var client = new MinioClient().WithEndpoint("127.0.0.1", s3.Server.Port).WithCredentials("S3RVER", "S3RVER").Build())
        {
            await client.PutObjectAsync(new PutObjectArgs().WithBucket(bucket).WithObject("model.onnx")
                .WithStreamData(new MemoryStream(bytes)).WithObjectSize(bytes.Length)
                .WithHeaders(new Dictionary<string, string> { ["x-amz-meta-sha256"] = stat.Sha256 }));
        }

        var ex = await Assert.ThrowsAsync<ModelLoadException>(() => StartAsync(Options($"s3://{bucket}/model.onnx")));

        Assert.Contains("--model", ex.Message, StringComparison.Ordinal);
        Assert.Contains("corrupt", ex.Message, StringComparison.Ordinal);
        Assert.Contains(stat.Sha256, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_uri_is_served()
    {
        var uri = new Uri(RunningServer.ModelPath("iris_mlp.onnx")).AbsoluteUri;

        await using var server = await RunningServer.StartAsync(Options(uri));

        Assert.Equal(200, (await server.GetAsync("/v2/models/m/ready")).Status);
    }

    [Fact]
    public async Task A_missing_file_uri_names_model_option()
    {
        var ex = await Assert.ThrowsAsync<ModelLoadException>(() => StartAsync(Options("file:///nonexistent/dir/model.onnx")));

        Assert.Contains("--model file:///nonexistent/dir/model.onnx", ex.Message, StringComparison.Ordinal);
        Assert.Contains("/nonexistent/dir/model.onnx does not exist", ex.Message, StringComparison.Ordinal);
    }
}
