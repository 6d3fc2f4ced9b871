using k8s.Models;
using Sluice.Operator.Runs;

namespace Sluice.Operator.Tests.Runs;

public sealed class JobObservationTests
{
    private static V1Job Complete() => new()
    {
        Status = new V1JobStatus
        {
            CompletionTime = new DateTime(2026, 12, 4, 1, 0, 0, DateTimeKind.Utc),
            Conditions = [new V1JobCondition { Type = "Complete", Status = "True" }],
        },
    };

    private static V1Pod Succeeded(string? message) => new()
    {
        Metadata = new V1ObjectMeta { Name = "p", CreationTimestamp = DateTime.UtcNow },
        Status = new V1PodStatus
        {
            Phase = "Succeeded",
            ContainerStatuses =
            [
                new V1ContainerStatus
                {
                    Name = "stage",
                    State = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = 0, Reason = "Completed", Message = message } },
                },
            ],
        },
    };

    [Fact]
    public void A_succeeded_stage_carries_the_results_of_its_termination_message()
    {
        var seen = JobObservation.Of(Complete(), [Succeeded("{\"roc_auc\":0.9871,\"rows\":114}")]);

        Assert.Equal(JobOutcome.Succeeded, seen.Outcome);
        Assert.Equal("{\"roc_auc\":0.9871,\"rows\":114}", seen.Results!.Value.GetRawText());
    }

    [Fact]
    public void A_complete_Job_whose_pod_the_cache_still_sees_running_waits_for_its_results()
    {
        var running = Succeeded("{\"a\":1}");
        running.Status.Phase = "Running";
        running.Status.ContainerStatuses[0].State = new V1ContainerState { Running = new V1ContainerStateRunning() };

        Assert.Equal(JobOutcome.Running, JobObservation.Of(Complete(), [running]).Outcome);
        Assert.Equal(JobOutcome.Succeeded, JobObservation.Of(Complete(), []).Outcome);
    }

    [Fact]
    public void A_stage_without_a_message_has_no_results()
    {
        var seen = JobObservation.Of(Complete(), [Succeeded(null)]);

        Assert.Equal(JobOutcome.Succeeded, seen.Outcome);
        Assert.Null(seen.Results);
    }

    [Fact]
    public void Results_over_4096_bytes_fail_the_stage_with_their_size()
    {
        var seen = JobObservation.Of(Complete(), [Succeeded("{\"blob\":\"" + new string('x', 5000) + "\"}")]);

        Assert.Equal(("InvalidResults", "the stage succeeded but its results are 5011 bytes, more than the 4096 a termination message holds; write large outputs as artifacts"),
            (seen.Cause!.Reason, seen.Cause.Message));
    }

    [Theory]
    [InlineData("all done", "the stage succeeded but its results are not JSON")]
    [InlineData("[1]", "the stage succeeded but its results must be a JSON object, not array")]
    public void Results_that_are_not_a_JSON_object_fail_the_stage_for_good(string message, string error)
    {
        var seen = JobObservation.Of(Complete(), [Succeeded(message)]);

        Assert.Equal(JobOutcome.Failed, seen.Outcome);
        Assert.False(seen.Retryable);
        Assert.Equal("InvalidResults", seen.Cause!.Reason);
        Assert.StartsWith(error, seen.Cause.Message, StringComparison.Ordinal);
    }
}
