using k8s.Models;

namespace Sluice.Operator.Stages;

/// <summary>
/// The real reason a stage's Job is stuck or failed, read from the Job and its pods, in words a data scientist
/// can act on. Reason is a CamelCase word for conditions and Events; Message is one plain sentence.
/// </summary>
public sealed record StageFailureCause(string Reason, string Message)
{
    private const int MaxTerminationLines = 5;
    private const int MaxMessageLength = 1024;

    /// <summary>
    /// The most specific cause found, or null when nothing is wrong (yet). Pod-level causes win over the Job's
    /// own <c>Failed</c> condition, because "BackoffLimitExceeded" says nothing about why; only a deadline
    /// beats a container that was killed by it.
    /// </summary>
    public static StageFailureCause? Find(V1Job job, IEnumerable<V1Pod> pods)
    {
        var failed = job.Status?.Conditions?.FirstOrDefault(c => c.Type == "Failed" && c.Status == "True");
        foreach (var pod in pods.OrderByDescending(p => p.Metadata.CreationTimestamp))
        {
            // A pod killed at the deadline exits non-zero too, but the deadline is why; a pod that never
            // started (image, scheduling) explains the deadline, so that cause still wins.
            if (FromPod(pod) is { } cause &&
                (failed?.Reason != "DeadlineExceeded" || cause.Reason is not ("Error" or "OOMKilled")))
            {
                return cause;
            }
        }

        return failed?.Reason switch
        {
            null => null,
            "DeadlineExceeded" => new("DeadlineExceeded", job.Spec?.ActiveDeadlineSeconds is { } limit
                ? $"the stage ran longer than its timeout ({limit} s) and was stopped"
                : "the stage ran longer than its Job's deadline and was stopped"),
            _ => new(failed.Reason, failed.Message ?? "the Job failed"),
        };
    }

    /// <summary>
    /// Whether the cause keeps a still-running stage from making progress (its pod cannot start), which a user
    /// should see before the deadline fails the Job.
    /// </summary>
    public bool Blocks => IsBlocking(Reason);

    /// <summary>Whether a stage reason is one of the causes that keep a pod from starting.</summary>
    public static bool IsBlocking(string? reason) =>
        reason is "ImagePullBackOff" or "ErrImagePull" or "InvalidImageName" or "Unschedulable";

    /// <summary>What is wrong with one pod (cannot be scheduled, cannot pull, ran out of memory, exited non-zero), or null.</summary>
    internal static StageFailureCause? FromPod(V1Pod pod)
    {
        var unschedulable = pod.Status?.Conditions?.FirstOrDefault(
            c => c.Type == "PodScheduled" && c.Status == "False" && c.Reason == "Unschedulable");
        if (unschedulable is not null)
        {
            return new("Unschedulable", $"the pod cannot be scheduled: {unschedulable.Message}");
        }

        foreach (var container in pod.Status?.ContainerStatuses ?? [])
        {
            var waiting = container.State?.Waiting;
            if (waiting?.Reason is "ImagePullBackOff" or "ErrImagePull" or "InvalidImageName")
            {
                return new(waiting.Reason, $"cannot pull image {container.Image}: {waiting.Message}");
            }

            var terminated = container.State?.Terminated ?? container.LastState?.Terminated;
            if (terminated is null || terminated.ExitCode == 0)
            {
                continue;
            }

            if (terminated.Reason == "OOMKilled")
            {
                var limits = pod.Spec?.Containers?.FirstOrDefault(c => c.Name == container.Name)?.Resources?.Limits;
                var limit = limits is not null && limits.TryGetValue("memory", out var quantity) ? quantity : null;
                return new("OOMKilled", limit is null
                    ? $"container {container.Name} ran out of memory"
                    : $"container {container.Name} ran out of memory (limit {limit}); raise its memory limit");
            }

            var detail = LastLines(terminated.Message);
            return new("Error", detail is null
                ? $"container {container.Name} exited with code {terminated.ExitCode}"
                : $"container {container.Name} exited with code {terminated.ExitCode}: {detail}");
        }

        return null;
    }

    private static string? LastLines(string? message)
    {
        if (string.IsNullOrWhiteSpace(message))
        {
            return null;
        }

        var lines = message.TrimEnd().Split('\n');
        var tail = string.Join('\n', lines.Skip(Math.Max(0, lines.Length - MaxTerminationLines)));
        return tail.Length <= MaxMessageLength ? tail : tail[^MaxMessageLength..];
    }
}
