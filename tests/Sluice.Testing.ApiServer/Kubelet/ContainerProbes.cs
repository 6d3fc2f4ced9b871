namespace Sluice.Testing.ApiServer.Kubelet;

/// <summary>
/// The probes of one container instance (pkg/kubelet/prober/worker.go): the startup probe first, then readiness
/// and liveness each on their own period. A result flips only after successThreshold or failureThreshold
/// results in a row. Readiness starts false; without a readiness probe a started container is ready.
/// </summary>
internal sealed class ContainerProbes(Probe? startup, Probe? readiness, Probe? liveness, string podIp, Action changed,
    Action<string, string> unhealthy, Action<string> restart, TimeProvider time)
{
    private volatile bool started = startup is null;
    private volatile bool ready = readiness is null && startup is null;

    public bool Started => started;

    public bool Ready => ready;

    public async Task RunAsync(CancellationToken ct)
    {
        try
        {
            if (startup is not null)
            {
                if (!await UntilAsync(startup, "Startup", ct).ConfigureAwait(false))
                {
                    return;
                }

                started = true;
                ready = readiness is null;
                changed();
            }

            await Task.WhenAll(Readiness(ct), Liveness(ct)).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The container stopped.
        }
    }

    /// <summary>Probes until the threshold of successes (true), or of failures, which restarts the container (false).</summary>
    private async Task<bool> UntilAsync(Probe probe, string name, CancellationToken ct)
    {
        await Task.Delay(probe.InitialDelay, time, ct).ConfigureAwait(false);
        var failures = 0;
        while (true)
        {
            var failure = await probe.RunAsync(podIp, ct).ConfigureAwait(false);
            if (failure is null)
            {
                return true;
            }

            unhealthy(name, failure);
            if (++failures >= probe.FailureThreshold)
            {
                restart(name.ToLowerInvariant());
                return false;
            }

            await Task.Delay(probe.Period, time, ct).ConfigureAwait(false);
        }
    }

    private async Task Readiness(CancellationToken ct)
    {
        if (readiness is null)
        {
            return;
        }

        await Task.Delay(readiness.InitialDelay, time, ct).ConfigureAwait(false);
        var (successes, failures) = (0, 0);
        while (true)
        {
            var failure = await readiness.RunAsync(podIp, ct).ConfigureAwait(false);
            (successes, failures) = failure is null ? (successes + 1, 0) : (0, failures + 1);
            if (failure is not null)
            {
                unhealthy("Readiness", failure);
            }

            var next = successes >= readiness.SuccessThreshold ? true : failures >= readiness.FailureThreshold ? false : ready;
            if (next != ready)
            {
                ready = next;
                changed();
            }

            await Task.Delay(readiness.Period, time, ct).ConfigureAwait(false);
        }
    }

    private async Task Liveness(CancellationToken ct)
    {
        if (liveness is not null)
        {
            await UntilFailedAsync(liveness, ct).ConfigureAwait(false);
        }
    }

    private async Task UntilFailedAsync(Probe probe, CancellationToken ct)
    {
        await Task.Delay(probe.InitialDelay, time, ct).ConfigureAwait(false);
        var failures = 0;
        while (true)
        {
            var failure = await probe.RunAsync(podIp, ct).ConfigureAwait(false);
            failures = failure is null ? 0 : failures + 1;
            if (failure is not null)
            {
                unhealthy("Liveness", failure);
                if (failures >= probe.FailureThreshold)
                {
                    restart("liveness");
                    return;
                }
            }

            await Task.Delay(probe.Period, time, ct).ConfigureAwait(false);
        }
    }
}
