using Sluice.Core.Api;
using Sluice.Core.Registration;

namespace Sluice.Core.Tests.Registration;

public sealed class ModelVersionDraftTests
{
    [Theory]
    [InlineData(new string[0], "v1")]
    [InlineData(new[] { "v1", "v2" }, "v3")]
    [InlineData(new[] { "v9", "v10", "2026-11-23.1", "vx" }, "v11")]
    public void Versions_count_up_past_the_highest(string[] existing, string next) =>
        Assert.Equal(next, ModelVersionNames.NextVersion(existing));

    private static StageOutcome Outcome(string output, string uri, string results) => new(
        new Dictionary<string, string> { [output] = uri },
        System.Text.Json.JsonDocument.Parse(results).RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone()));

    [Fact]
    public void The_version_carries_the_model_file_profile_metrics_lineage_and_templates_and_no_owner()
    {
        var sha = new string('a', 64);
        var data = new string('d', 64);
        var model = new ModelRegistration
        {
            Name = "bc",
            Artifact = new StageInput { From = "train", Name = "model" },
            Profile = new StageInput { From = "validate", Name = "profile" },
            Dataset = new StageInput { From = "ingest", Name = "train" },
            Metrics = new StageInput { From = "evaluate", Name = "metrics" },
            Serving = new ServingSpec { Replicas = 2 },
            Rollout = new RolloutSpec { Steps = [new CanaryStep { SetWeight = 10 }] },
        };
        var stages = new Dictionary<string, StageOutcome>
        {
            ["ingest"] = Outcome("train", "s3://b/r/ingest/train", $$$$"""{"artifacts":{"train":{"sha256":"{{{{data}}}}"}}}"""),
            ["validate"] = Outcome("profile", "s3://b/r/validate/profile", "{}"),
            ["train"] = Outcome("model", "s3://b/r/train/model", $$$$"""{"artifacts":{"model":{"sha256":"{{{{sha}}}}","size":3}}}"""),
            ["evaluate"] = Outcome("metrics", "s3://b/r/evaluate/metrics", """{"roc_auc":0.987123,"baseline":{"roc_auc":0.9}}"""),
        };
        var baseline = new RunBaseline { ModelVersion = "bc-v1", Uid = "u1", Version = "v1" };

        var version = ModelVersionDraft.Build(model, new RegistrationSource("bc-v2", "v2", "ml", "breast-cancer", "breast-cancer-x7k2p", "run-uid", baseline,
            stages.GetValueOrDefault));

        Assert.Equal(("bc-v2", "ml"), (version.Metadata.Name, version.Metadata.Namespace));
        Assert.Equal("run-uid", version.Metadata.Annotations![RegistrationLabels.RunUid]);
        Assert.Equal("bc", version.Metadata.Labels![RegistrationLabels.Model]);
        Assert.Equal(("bc", "v2", "s3://b/r/train/model", sha), (version.Spec.Model, version.Spec.Version, version.Spec.Source.Uri, version.Spec.Source.Sha256));
        Assert.Equal("s3://b/r/validate/profile", version.Spec.Profile);
        Assert.Equal(new Dictionary<string, string> { ["roc_auc"] = "0.987123" }, version.Spec.Metrics);
        Assert.Equal(("breast-cancer-x7k2p", $"sha256:{data}", "bc-v1"), (version.Spec.Lineage!.PipelineRun, version.Spec.Lineage.DatasetDigest, version.Spec.Lineage.PreviousVersion));
        Assert.Equal(2, version.Spec.Serving!.Replicas);
        Assert.Equal(10, Assert.Single(version.Spec.Rollout!.Steps!).SetWeight);
    }
}
