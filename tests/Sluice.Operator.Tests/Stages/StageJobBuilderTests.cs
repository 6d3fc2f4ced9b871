using System.Text.Json;
using k8s;
using k8s.Models;
using Sluice.Core.Api;
using Sluice.Operator.Stages;

namespace Sluice.Operator.Tests.Stages;

public sealed class StageJobBuilderTests
{
    private const string RunUri = "s3://ml-artifacts/team-a/prod/churn/churn-x7k2p";

    private static readonly Stage Train = new()
    {
        Name = "train",
        Image = "ghcr.io/acme/train:1.4",
        Command = ["python", "train.py"],
        Args = ["--epochs=$(params.epochs)", "--lr", "$(params.lr)", "--keep=$(params.unknown)"],
        Env =
        [
            new EnvVar { Name = "MODEL_KIND", Value = "gbm-$(params.epochs)" },
            new EnvVar { Name = "API_TOKEN", ValueFrom = new EnvVarSource { SecretKeyRef = new KeySelector { Name = "tokens", Key = "api" } } },
            new EnvVar { Name = "SLUICE_RUN", Value = "someone-elses-run" },
        ],
        EnvFrom = [new EnvFromSource { Prefix = "CFG_", ConfigMapRef = new OptionalObjectReference { Name = "train-config", Optional = true } }],
        Resources = new ResourceRequirements { Requests = new() { ["cpu"] = "500m" }, Limits = new() { ["memory"] = "2Gi", ["nvidia.com/gpu"] = "1" } },
        DependsOn = ["prepare", "validate"],
        Inputs = [new StageInput { Name = "train-set.csv", From = "prepare" }, new StageInput { Name = "profile", From = "validate" }],
        Outputs = ["model.onnx", "metrics"],
        Timeout = "1h30m",
    };

    private static readonly CredentialsSecretReference Secret = new() { Name = "s3-creds", AccessKeyIdKey = "id", SecretAccessKeyKey = "key" };

    private static StageJobRequest Request(Stage? stage = null, int attempt = 2, PipelineSpec? spec = null, StageArtifacts? artifacts = null) => new(
        "prod", "churn", "churn-x7k2p", "5b0c6b8e-0d3c-4f7e-9a59-8c1d3c2e1f00",
        spec ?? new PipelineSpec { Stages = [stage ?? Train], ServiceAccountName = "trainer" },
        stage ?? Train, attempt,
        new Dictionary<string, string> { ["epochs"] = "20", ["lr"] = "0.05" },
        artifacts ?? new StageArtifacts(RunUri, "http://minio.storage:9000", "eu-west-1", Secret));

    private static V1Container Container(V1Job job) => Assert.Single(job.Spec.Template.Spec.Containers);

    private static V1EnvVar Env(V1Job job, string name) => Assert.Single(Container(job).Env, e => e.Name == name);

    [Theory]
    [InlineData("SLUICE_PIPELINE", "churn")]
    [InlineData("SLUICE_RUN", "churn-x7k2p")]
    [InlineData("SLUICE_STAGE", "train")]
    [InlineData("SLUICE_ATTEMPT", "2")]
    [InlineData("SLUICE_NAMESPACE", "prod")]
    [InlineData("SLUICE_ARTIFACTS_URI", RunUri)]
    [InlineData("SLUICE_INPUT_TRAIN_SET_CSV", RunUri + "/prepare/train-set.csv")]
    [InlineData("SLUICE_INPUT_PROFILE", RunUri + "/validate/profile")]
    [InlineData("SLUICE_OUTPUT_MODEL_ONNX", RunUri + "/train/model.onnx")]
    [InlineData("SLUICE_OUTPUT_METRICS", RunUri + "/train/metrics")]
    [InlineData("SLUICE_S3_ENDPOINT", "http://minio.storage:9000")]
    [InlineData("AWS_REGION", "eu-west-1")]
    [InlineData("MODEL_KIND", "gbm-20")]
    public void Container_gets_the_stage_contract_and_its_own_env(string name, string value)
    {
        var env = Env(StageJobBuilder.Build(Request()), name);

        Assert.Equal(value, env.Value);
        Assert.Null(env.ValueFrom);
    }

    [Theory]
    [InlineData("AWS_ACCESS_KEY_ID", "id")]
    [InlineData("AWS_SECRET_ACCESS_KEY", "key")]
    public void Credentials_come_from_the_secret_by_reference_only(string name, string key)
    {
        var env = Env(StageJobBuilder.Build(Request()), name);

        Assert.Null(env.Value);
        Assert.Equal("s3-creds", env.ValueFrom.SecretKeyRef.Name);
        Assert.Equal(key, env.ValueFrom.SecretKeyRef.Key);
    }

    [Fact]
    public void Secret_keys_default_to_the_aws_names()
    {
        var artifacts = new StageArtifacts(RunUri, null, null, new CredentialsSecretReference { Name = "s3" });
        var job = StageJobBuilder.Build(Request(artifacts: artifacts));

        Assert.Equal("AWS_ACCESS_KEY_ID", Env(job, "AWS_ACCESS_KEY_ID").ValueFrom.SecretKeyRef.Key);
        Assert.Equal("AWS_SECRET_ACCESS_KEY", Env(job, "AWS_SECRET_ACCESS_KEY").ValueFrom.SecretKeyRef.Key);
    }

    [Fact]
    public void No_endpoint_region_or_secret_means_no_such_variables()
    {
        var job = StageJobBuilder.Build(Request(artifacts: new StageArtifacts(RunUri, null, null, null)));
        var names = Container(job).Env.Select(e => e.Name).ToList();

        Assert.DoesNotContain("SLUICE_S3_ENDPOINT", names);
        Assert.DoesNotContain("AWS_REGION", names);
        Assert.DoesNotContain("AWS_ACCESS_KEY_ID", names);
        Assert.DoesNotContain("AWS_SECRET_ACCESS_KEY", names);
    }

    [Fact]
    public void Serialized_job_never_contains_a_secret_value_only_its_reference()
    {
        var json = KubernetesJson.Serialize(StageJobBuilder.Build(Request()));

        Assert.Contains("\"secretKeyRef\"", json, StringComparison.Ordinal);
        Assert.Contains("s3-creds", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"data\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("stringData", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Stage_env_keeps_value_from_and_cannot_override_the_contract()
    {
        var job = StageJobBuilder.Build(Request());

        var token = Env(job, "API_TOKEN");
        Assert.Null(token.Value);
        Assert.Equal("tokens", token.ValueFrom.SecretKeyRef.Name);
        Assert.Equal("api", token.ValueFrom.SecretKeyRef.Key);
        Assert.Equal("churn-x7k2p", Env(job, "SLUICE_RUN").Value);
    }

    [Fact]
    public void Contract_variables_come_before_the_stage_env_so_it_can_expand_them()
    {
        var names = Container(StageJobBuilder.Build(Request())).Env.Select(e => e.Name).ToList();

        Assert.True(names.IndexOf("SLUICE_ARTIFACTS_URI") < names.IndexOf("MODEL_KIND"));
    }

    [Fact]
    public void Command_and_args_get_params_substituted_and_unknown_references_are_kept()
    {
        var container = Container(StageJobBuilder.Build(Request()));

        Assert.Equal(["python", "train.py"], container.Command);
        Assert.Equal(["--epochs=20", "--lr", "0.05", "--keep=$(params.unknown)"], container.Args);
        Assert.Equal("ghcr.io/acme/train:1.4", container.Image);
        Assert.Equal("stage", container.Name);
    }

    [Fact]
    public void Empty_command_and_args_leave_the_image_entrypoint()
    {
        var stage = Train with { Command = [], Args = null };
        var container = Container(StageJobBuilder.Build(Request(stage)));

        Assert.Null(container.Command);
        Assert.Null(container.Args);
    }

    [Fact]
    public void Pod_is_non_root_with_a_read_only_root_and_writable_tmp_and_work()
    {
        var job = StageJobBuilder.Build(Request());
        var pod = job.Spec.Template.Spec;
        var container = Container(job);

        Assert.True(pod.SecurityContext.RunAsNonRoot);
        Assert.Equal(65532, pod.SecurityContext.RunAsUser);
        Assert.Equal(65532, pod.SecurityContext.FsGroup);
        Assert.Equal("RuntimeDefault", pod.SecurityContext.SeccompProfile.Type);
        Assert.False(container.SecurityContext.AllowPrivilegeEscalation);
        Assert.True(container.SecurityContext.ReadOnlyRootFilesystem);
        Assert.Equal(["ALL"], container.SecurityContext.Capabilities.Drop);
        Assert.Null(container.SecurityContext.Capabilities.Add);
        Assert.Null(container.SecurityContext.Privileged);
        Assert.Equal("/work", container.WorkingDir);
        Assert.Equal([("tmp", "/tmp"), ("work", "/work")], container.VolumeMounts.Select(m => (m.Name, m.MountPath)));
        Assert.All(pod.Volumes, v => Assert.NotNull(v.EmptyDir));
        Assert.Equal(["tmp", "work"], pod.Volumes.Select(v => v.Name));
        Assert.Equal("FallbackToLogsOnError", container.TerminationMessagePolicy);
        Assert.Equal("Never", pod.RestartPolicy);
        Assert.Equal("trainer", pod.ServiceAccountName);
    }

    [Fact]
    public void Job_is_named_per_attempt_labelled_and_owned_by_the_run()
    {
        var job = StageJobBuilder.Build(Request(attempt: 3));

        Assert.Equal("churn-x7k2p-train-3", job.Metadata.Name);
        Assert.Equal("prod", job.Metadata.NamespaceProperty);
        Assert.Equal("batch/v1", job.ApiVersion);
        Assert.Equal("Job", job.Kind);
        var expected = new Dictionary<string, string>
        {
            ["sluice.dev/pipeline"] = "churn", ["sluice.dev/run"] = "churn-x7k2p", ["sluice.dev/stage"] = "train",
            ["sluice.dev/attempt"] = "3", ["app.kubernetes.io/managed-by"] = "sluice",
        };
        Assert.Equal(expected, job.Metadata.Labels);
        Assert.Equal(expected, job.Spec.Template.Metadata.Labels);

        var owner = Assert.Single(job.Metadata.OwnerReferences);
        Assert.Equal(("sluice.dev/v1alpha1", "PipelineRun", "churn-x7k2p", "5b0c6b8e-0d3c-4f7e-9a59-8c1d3c2e1f00"), (owner.ApiVersion, owner.Kind, owner.Name, owner.Uid));
        Assert.True(owner.Controller);
        Assert.True(owner.BlockOwnerDeletion);
    }

    [Fact]
    public void Same_request_builds_the_same_job()
    {
        Assert.Equal(KubernetesJson.Serialize(StageJobBuilder.Build(Request())), KubernetesJson.Serialize(StageJobBuilder.Build(Request())));
    }

    [Theory]
    [InlineData("1h30m", 5400L)]
    [InlineData("45s", 45L)]
    [InlineData("1500ms", 2L)]
    [InlineData("0", null)]
    [InlineData(null, null)]
    [InlineData("", null)]
    public void Timeout_becomes_active_deadline_seconds_and_a_job_is_one_attempt(string? timeout, long? seconds)
    {
        var job = StageJobBuilder.Build(Request(Train with { Timeout = timeout }));

        Assert.Equal(seconds, job.Spec.ActiveDeadlineSeconds);
        Assert.Equal(0, job.Spec.BackoffLimit);
    }

    [Fact]
    public void Invalid_timeout_is_a_clear_error()
    {
        var e = Assert.Throws<InvalidOperationException>(() => StageJobBuilder.Build(Request(Train with { Timeout = "ten minutes" })));

        Assert.Contains("timeout", e.Message, StringComparison.Ordinal);
        Assert.Contains("train", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Attempt_starts_at_one()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => StageJobBuilder.Build(Request(attempt: 0)));
    }

    [Fact]
    public void Resources_and_env_from_are_passed_through()
    {
        var container = Container(StageJobBuilder.Build(Request()));

        Assert.Equal("500m", container.Resources.Requests["cpu"].ToString());
        Assert.Equal("2Gi", container.Resources.Limits["memory"].ToString());
        Assert.Equal("1", container.Resources.Limits["nvidia.com/gpu"].ToString());
        var from = Assert.Single(container.EnvFrom);
        Assert.Equal(("CFG_", "train-config", true), (from.Prefix, from.ConfigMapRef.Name, from.ConfigMapRef.Optional));
        Assert.Null(from.SecretRef);
    }

    [Fact]
    public void Pod_template_scheduling_is_applied()
    {
        const string affinity = """
            {"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[
              {"matchExpressions":[{"key":"gpu","operator":"In","values":["a100","h100"]}]}]}}}
            """;
        var spec = new PipelineSpec
        {
            Stages = [Train],
            PodTemplate = new PodTemplate
            {
                NodeSelector = new() { ["pool"] = "gpu" },
                Tolerations = [new Toleration { Key = "nvidia.com/gpu", Operator = "Exists", Effect = "NoSchedule" }],
                Affinity = JsonDocument.Parse(affinity).RootElement.Clone(),
            },
        };

        var pod = StageJobBuilder.Build(Request(spec: spec)).Spec.Template.Spec;

        Assert.Equal("gpu", pod.NodeSelector["pool"]);
        var toleration = Assert.Single(pod.Tolerations);
        Assert.Equal(("nvidia.com/gpu", "Exists", "NoSchedule"), (toleration.Key, toleration.OperatorProperty, toleration.Effect));
        var expression = Assert.Single(Assert.Single(pod.Affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms).MatchExpressions);
        Assert.Equal(("gpu", "In"), (expression.Key, expression.OperatorProperty));
        Assert.Equal(["a100", "h100"], expression.Values);
    }

    [Fact]
    public void No_pod_template_and_no_service_account_leave_the_defaults()
    {
        var pod = StageJobBuilder.Build(Request(spec: new PipelineSpec { Stages = [Train] })).Spec.Template.Spec;

        Assert.Null(pod.ServiceAccountName);
        Assert.Null(pod.NodeSelector);
        Assert.Null(pod.Tolerations);
        Assert.Null(pod.Affinity);
    }
}
