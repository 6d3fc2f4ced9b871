using k8s;
using k8s.Models;
using Sluice.Core.Api;
using Sluice.Operator.Resources;
using Sluice.Operator.Serving;
using Sluice.Testing.ApiServer;

namespace Sluice.Operator.Tests.Serving;

/// <summary>
/// The serving objects of a ModelVersion against the API test server, which adds kube-apiserver's defaults: accepted,
/// and the live objects read back equal to the desired ones on every field Sluice owns, so no update loop; a change
/// of a field Sluice owns is seen.
/// </summary>
public sealed class ServingObjectsTests
{
    private static ModelVersionResource Version(string name = "breast-cancer-v2") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default", Uid = "0b0e7c3a-1111-4e8e-9a55-2f1c3b4d5e6f" },
        Spec = new ModelVersionSpec
        {
            Model = "breast-cancer",
            Version = "v2",
            Source = new ModelSource { Uri = "s3://sluice-artifacts/default/breast-cancer/r2/train/model", Sha256 = new string('a', 64) },
            Serving = new ServingSpec
            {
                Replicas = 2,
                Resources = new ResourceRequirements { Requests = new Dictionary<string, string> { ["cpu"] = "0.5", ["memory"] = "256Mi" } },
                RequestLogging = new RequestLogging { SampleRate = 0.2, Redact = ["ssn"] },
            },
        },
    };

    private static ServingRequest Request(int replicas = 1) => new(Version(), replicas, "ghcr.io/sluice-dev/sluice:0.1.0", "http://minio:9000",
        new CredentialsSecretReference { Name = "s3-creds" }, "s3://sluice-artifacts");

    [Fact]
    public void The_deployment_serves_the_model_file_with_its_checksum_probes_and_pod_security_and_reads_credentials_by_reference()
    {
        var deployment = ServingDeploymentBuilder.Build(Request(replicas: 3));
        var container = deployment.Spec.Template.Spec.Containers.Single();

        Assert.Equal(("breast-cancer-v2", 3), (deployment.Metadata.Name, deployment.Spec.Replicas));
        Assert.Equal(["serve", "--model", "s3://sluice-artifacts/default/breast-cancer/r2/train/model", "--name", "breast-cancer", "--model-version", "v2",
            "--host", "0.0.0.0", "--port", "8080", "--drain-seconds", "5", "--sha256", new string('a', 64), "--request-log", "s3://sluice-artifacts", "--request-log-rate", "0.2",
            "--request-log-namespace", "default", "--redact", "ssn"], container.Args);
        Assert.Equal("/v2/health/ready", container.ReadinessProbe.HttpGet.Path);
        Assert.Equal("/v2/health/live", container.LivenessProbe.HttpGet.Path);
        Assert.True(container.SecurityContext.ReadOnlyRootFilesystem);
        Assert.Equal(["ALL"], container.SecurityContext.Capabilities.Drop);
        Assert.All(container.Env.Where(e => e.Name.StartsWith("AWS_", StringComparison.Ordinal)), e => Assert.Equal(("s3-creds", (string?)null), (e.ValueFrom.SecretKeyRef.Name, e.Value)));
        Assert.Equal(("ModelVersion", "breast-cancer-v2", true), (deployment.Metadata.OwnerReferences[0].Kind, deployment.Metadata.OwnerReferences[0].Name, deployment.Metadata.OwnerReferences[0].Controller));
        Assert.Equal("breast-cancer", deployment.Spec.Template.Metadata.Labels[ServingLabels.Model]);
    }

    [Theory]
    [InlineData(64, "250ms", "64", "250")]
    [InlineData(null, null, "32", "2")]
    [InlineData(8, "1.5ms", "8", "1.5")]
    public void Batching_becomes_the_servers_batching_flags(int? size, string? latency, string sizeArg, string delayArg)
    {
        var version = Version();
        version.Spec.Serving!.Batching = new ServingBatching { MaxBatchSize = size, MaxLatency = latency };

        var args = ServingDeploymentBuilder.Build(new ServingRequest(version, 1, "sluice:test", null, null, null)).Spec.Template.Spec.Containers.Single().Args;

        Assert.Equal(["--max-batch-size", sizeArg, "--max-batch-delay-ms", delayArg], args.SkipWhile(a => a != "--max-batch-size").Take(4));
    }

    // The drift monitor compares logged features with the profile by name.
    [Fact]
    public void Request_logs_name_features_after_spec_serving_feature_names_else_after_the_profile()
    {
        static IList<string> Args(ModelVersionResource version) =>
            ServingDeploymentBuilder.Build(new ServingRequest(version, 1, "sluice:test", null, null, "s3://sluice-artifacts")).Spec.Template.Spec.Containers.Single().Args;
        var version = Version();
        Assert.DoesNotContain("--profile", Args(version));
        Assert.DoesNotContain("--feature-names", Args(version));

        version.Spec.Profile = "s3://sluice-artifacts/default/breast-cancer/r2/validate/profile";
        Assert.Equal(["--redact", "ssn", "--profile", version.Spec.Profile], Args(version).SkipWhile(a => a != "--redact"));

        version.Spec.Serving!.FeatureNames = ["mean_radius", "mean_texture"];
        Assert.Equal(["--redact", "ssn", "--feature-names", "mean_radius,mean_texture"], Args(version).SkipWhile(a => a != "--redact"));

        version.Spec.Serving.RequestLogging = null;
        Assert.DoesNotContain("--feature-names", Args(version));
        Assert.DoesNotContain("--profile", Args(version));
    }

    [Fact]
    public async Task Live_objects_with_the_api_servers_defaults_match_on_owned_fields_and_an_owned_change_is_seen()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var server = await TestApiServer.StartAsync(ct: cts.Token);
        using var client = server.CreateClient();
        var desired = ServingDeploymentBuilder.Build(Request(replicas: 2));
        var modelService = ServingServiceBuilder.ForModel(Version(), [Version()]);
        var versionService = ServingServiceBuilder.ForVersion(Version());

        await client.AppsV1.CreateNamespacedDeploymentAsync(desired, "default", cancellationToken: cts.Token);
        await client.CoreV1.CreateNamespacedServiceAsync(modelService, "default", cancellationToken: cts.Token);
        await client.CoreV1.CreateNamespacedServiceAsync(versionService, "default", cancellationToken: cts.Token);
        var live = await client.AppsV1.ReadNamespacedDeploymentAsync(desired.Metadata.Name, "default", cancellationToken: cts.Token);
        var liveModel = await client.CoreV1.ReadNamespacedServiceAsync(modelService.Metadata.Name, "default", cancellationToken: cts.Token);
        var liveVersion = await client.CoreV1.ReadNamespacedServiceAsync(versionService.Metadata.Name, "default", cancellationToken: cts.Token);

        // The server defaulted what we left out (and wrote the quantity 0.5 as 500m): none of it is ours.
        Assert.NotNull(live.Spec.Template.Spec.TerminationGracePeriodSeconds);
        Assert.NotNull(liveModel.Spec.ClusterIP);
        Assert.False(OwnedFields.Differ(desired, live));
        Assert.False(OwnedFields.Differ(modelService, liveModel));
        Assert.False(OwnedFields.Differ(versionService, liveVersion));

        Assert.True(OwnedFields.Differ(ServingDeploymentBuilder.Build(Request(replicas: 3)), live));
        var otherImage = ServingDeploymentBuilder.Build(Request(replicas: 2));
        otherImage.Spec.Template.Spec.Containers[0].Image = "ghcr.io/sluice-dev/sluice:0.2.0";
        Assert.True(OwnedFields.Differ(otherImage, live));
        var twoOwners = ServingServiceBuilder.ForModel(Version(), [Version(), Version("breast-cancer-v3")]);
        Assert.True(OwnedFields.Differ(twoOwners, liveModel));
    }

    [Theory]
    [InlineData("breast-cancer-v2", "breast-cancer-v2")]
    [InlineData("2024-model-v1", "m-2024-model-v1")]
    [InlineData("a-model-version-name-that-is-far-too-long-for-pods-v12", "a-model-version-name-that-is-far-too-lon-")]
    public void Version_names_fit_a_dns_label_with_room_for_pod_hashes(string name, string prefix)
    {
        var fitted = ServingNames.Version(name);

        Assert.StartsWith(prefix.TrimEnd('-'), fitted, StringComparison.Ordinal);
        Assert.True(fitted.Length <= 46);
        Assert.Matches("^[a-z]([-a-z0-9]*[a-z0-9])?$", fitted);
    }
}
