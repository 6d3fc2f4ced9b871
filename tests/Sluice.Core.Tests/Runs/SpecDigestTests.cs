using System.Text.Json;
using Sluice.Core.Api;
using Sluice.Core.Runs;
using Sluice.Core.Validation;

namespace Sluice.Core.Tests.Runs;

public sealed class SpecDigestTests
{
    private static PipelineSpec Spec() => new()
    {
        Params = [new ParamSpec { Name = "epochs", Default = "10" }],
        Stages =
        [
            new Stage { Name = "prepare", Image = "ghcr.io/acme/prep:1", Outputs = ["train.csv"] },
            new Stage
            {
                Name = "train", Image = "ghcr.io/acme/train:1", DependsOn = ["prepare"],
                Inputs = [new StageInput { Name = "train.csv", From = "prepare" }],
                Resources = new ResourceRequirements { Limits = new() { ["cpu"] = "2", ["memory"] = "4Gi" } },
            },
        ],
        PodTemplate = new PodTemplate { NodeSelector = new() { ["pool"] = "cpu", ["zone"] = "a" } },
    };

    public static TheoryData<string, Action<PipelineSpec>> RunChanges => new()
    {
        { "image", s => s.Stages[1].Image = "ghcr.io/acme/train:2" },
        { "param default", s => s.Params![0].Default = "20" },
        { "stage order", s => s.Stages.Reverse() },
        { "args", s => s.Stages[1].Args = ["--fast"] },
        { "memory limit", s => s.Stages[1].Resources!.Limits!["memory"] = "8Gi" },
        { "service account", s => s.ServiceAccountName = "trainer" },
        { "artifact bucket", s => s.ArtifactRepository = new ArtifactRepository { Bucket = "ml" } },
    };

    public static TheoryData<string, Action<PipelineSpec>> BookkeepingChanges => new()
    {
        { "map order", s => s.PodTemplate!.NodeSelector = new() { ["zone"] = "a", ["pool"] = "cpu" } },
        { "empty list instead of none", s => s.Stages[0].Args = [] },
        { "empty resources", s => s.Stages[0].Resources = new ResourceRequirements() },
        { "schedule", s => s.Schedule = new PipelineSchedule { Cron = "@daily", Suspend = true } },
        { "run policy", s => s.RunPolicy = new RunPolicy { RunOnSpecChange = true } },
        { "history limits", s => (s.SuccessfulRunsHistoryLimit, s.FailedRunsHistoryLimit) = (10, 5) },
        { "ttl", s => s.TtlSecondsAfterFinished = 3600 },
    };

    [Theory]
    [MemberData(nameof(RunChanges))]
    public void A_change_to_what_a_run_does_changes_the_digest(string why, Action<PipelineSpec> change)
    {
        var changed = Spec();
        change(changed);

        Assert.True(SpecDigest.Of(Spec()) != SpecDigest.Of(changed), why);
    }

    [Theory]
    [MemberData(nameof(BookkeepingChanges))]
    public void Map_order_empty_fields_and_scheduling_settings_keep_the_digest(string why, Action<PipelineSpec> change)
    {
        var changed = Spec();
        change(changed);

        Assert.True(SpecDigest.Of(Spec()) == SpecDigest.Of(changed), why);
    }

    [Fact]
    public void Digest_is_ten_lower_hex_digits_and_stable_across_a_json_round_trip()
    {
        var digest = SpecDigest.Of(Spec());
        var roundTripped = JsonSerializer.Deserialize<PipelineSpec>(JsonSerializer.Serialize(Spec()))!;

        Assert.Matches("^[0-9a-f]{10}$", digest);
        Assert.Equal(digest, SpecDigest.Of(roundTripped));
    }

    [Fact]
    public void Affinity_key_order_does_not_matter()
    {
        var a = Spec();
        a.PodTemplate!.Affinity = JsonDocument.Parse("""{"nodeAffinity":{"a":1,"b":[2,3]}}""").RootElement.Clone();
        var b = Spec();
        b.PodTemplate!.Affinity = JsonDocument.Parse("""{"nodeAffinity":{"b":[2,3],"a":1}}""").RootElement.Clone();

        Assert.Equal(SpecDigest.Of(a), SpecDigest.Of(b));
    }

    [Fact]
    public void Canonical_json_sorts_keys()
    {
        var json = SpecDigest.CanonicalJson(Spec());

        Assert.True(json.IndexOf("\"params\"", StringComparison.Ordinal) < json.IndexOf("\"podTemplate\"", StringComparison.Ordinal));
        Assert.True(json.IndexOf("\"podTemplate\"", StringComparison.Ordinal) < json.IndexOf("\"stages\"", StringComparison.Ordinal));
        Assert.DoesNotContain("null", json, StringComparison.Ordinal);
    }

    [Theory]
    // Room for the full form.
    [InlineData("churn", "train", "0123456789", "churn-spec-0123456789")]
    // A 40-character stage leaves 13 characters after "churn-": the digest is shortened to 8.
    [InlineData("churn", "evaluate-against-the-production-champion", "0123456789", "churn-spec-01234567")]
    // Only the five characters validation guarantees: the marker goes.
    [InlineData("churn-model", "evaluate-against-the-production-champion-x", "0123456789", "churn-model-01234")]
    public void Spec_run_name_fits_the_job_names(string pipeline, string stage, string digest, string expected)
    {
        var spec = new PipelineSpec { Stages = [new Stage { Name = stage, Image = "x" }] };

        var name = RunNames.ForSpec(pipeline, digest, RunNames.MaxLength(spec));

        Assert.Equal(expected, name);
        Assert.True(JobNames.LongestForRun(name, stage) <= 63);
        Assert.True(Names.IsDns1123Label(name));
    }

    [Fact]
    public void Spec_run_name_uses_the_digest_of_the_spec()
    {
        Assert.Equal($"churn-spec-{SpecDigest.Of(Spec())}", SpecDigest.RunName("churn", Spec()));
    }
}
