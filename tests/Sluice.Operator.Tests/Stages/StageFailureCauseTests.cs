using k8s.Models;
using Sluice.Operator.Stages;

namespace Sluice.Operator.Tests.Stages;

public sealed class StageFailureCauseTests
{
    [Fact]
    public void Image_pull_back_off_names_the_image()
    {
        var pod = Pod(new V1ContainerStatus
        {
            Name = "stage", Image = "ghcr.io/acme/train:9",
            State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "ImagePullBackOff", Message = "Back-off pulling image" } },
        });

        var cause = StageFailureCause.Find(new V1Job(), [pod]);

        Assert.Equal("ImagePullBackOff", cause!.Reason);
        Assert.Contains("ghcr.io/acme/train:9", cause.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Oom_killed_names_the_memory_limit()
    {
        var pod = Pod(Terminated(137, "OOMKilled", null));
        pod.Spec = new V1PodSpec
        {
            Containers = [new V1Container { Name = "stage", Resources = new V1ResourceRequirements { Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("256Mi") } } }],
        };

        var cause = StageFailureCause.Find(new V1Job(), [pod]);

        Assert.Equal("OOMKilled", cause!.Reason);
        Assert.Contains("256Mi", cause.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unschedulable_carries_the_scheduler_message()
    {
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "p" },
            Status = new V1PodStatus
            {
                Conditions = [new V1PodCondition { Type = "PodScheduled", Status = "False", Reason = "Unschedulable", Message = "0/3 nodes are available: 3 Insufficient nvidia.com/gpu." }],
            },
        };

        var cause = StageFailureCause.Find(new V1Job(), [pod]);

        Assert.Equal("Unschedulable", cause!.Reason);
        Assert.Contains("3 Insufficient nvidia.com/gpu", cause.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Exit_code_comes_with_the_last_lines_of_the_termination_message()
    {
        var message = string.Join('\n', Enumerable.Range(1, 8).Select(i => $"line {i}")) + "\nValueError: column 'age' missing\n";
        var cause = StageFailureCause.Find(new V1Job(), [Pod(Terminated(3, "Error", message))]);

        Assert.Equal("Error", cause!.Reason);
        Assert.Contains("exited with code 3", cause.Message, StringComparison.Ordinal);
        Assert.Contains("ValueError: column 'age' missing", cause.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("line 1\n", cause.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_job_past_its_deadline_says_so()
    {
        var job = new V1Job
        {
            Spec = new V1JobSpec { ActiveDeadlineSeconds = 600 },
            Status = new V1JobStatus { Conditions = [new V1JobCondition { Type = "Failed", Status = "True", Reason = "DeadlineExceeded" }] },
        };

        var cause = StageFailureCause.Find(job, []);

        Assert.Equal("DeadlineExceeded", cause!.Reason);
        Assert.Contains("600 s", cause.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_healthy_running_pod_is_no_failure()
    {
        var pod = Pod(new V1ContainerStatus { Name = "stage", State = new V1ContainerState { Running = new V1ContainerStateRunning() } });

        Assert.Null(StageFailureCause.Find(new V1Job(), [pod]));
    }

    private static V1ContainerStatus Terminated(int exitCode, string reason, string? message) => new()
    {
        Name = "stage",
        State = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = exitCode, Reason = reason, Message = message } },
    };

    private static V1Pod Pod(V1ContainerStatus status) => new()
    {
        Metadata = new V1ObjectMeta { Name = "run-train-1-abcde" },
        Status = new V1PodStatus { ContainerStatuses = [status] },
    };
}
