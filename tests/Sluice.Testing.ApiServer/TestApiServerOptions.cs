namespace Sluice.Testing.ApiServer;

/// <summary>How a <see cref="TestApiServer"/> starts.</summary>
public sealed record TestApiServerOptions
{
    /// <summary>The loopback port; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>How many events the watch history keeps; a watch from an older resourceVersion gets 410 Gone.</summary>
    public int HistoryLimit { get; init; } = 1000;

    /// <summary>How often an idle watch that allows bookmarks gets a BOOKMARK event.</summary>
    public TimeSpan BookmarkInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Clock for timestamps.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>What a Job's pod does unless the test scripted that Job: by default it succeeds after 200 ms.</summary>
    public JobBehavior DefaultJobBehavior { get; init; } = JobBehavior.SucceedAfter(TimeSpan.FromMilliseconds(200));

    /// <summary>
    /// Images whose pods run for real as local processes (<c>--run-image REPOSITORY=EXECUTABLE</c>): the executable
    /// stands for the image's entrypoint. Empty: every pod is simulated, as before.
    /// </summary>
    public IReadOnlyList<Kubelet.ImageMapping> RunImages { get; init; } = [];

    /// <summary>The kubelet's first crash back-off (10 s in Kubernetes; doubles up to 30 times this, 300 s).</summary>
    public TimeSpan RestartBackoff { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Log every request to the console (the standalone server turns this on with --verbose).</summary>
    public bool LogRequests { get; init; }
}
