namespace Sluice.Operator.Tests.Controllers;

/// <summary>One operator process stand-in: <c>OperatorHost.RunAsync</c> on its own task, its logs, and its stop switch.</summary>
internal sealed class RunningOperator(OperatorOptions options, CapturedLogs logs, TimeProvider time)
{
    private readonly CancellationTokenSource _stop = new();
    private Task? _task;

    public CapturedLogs Logs { get; } = logs;

    public Task Task => _task ?? throw new InvalidOperationException("not started");

    public void Start() => _task = Task.Run(() => OperatorHost.RunAsync(options, Logs, time, _stop.Token));

    /// <summary>Stops it at whatever point it is, as a kill would, and waits (with a deadline) until it is gone.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Task.WaitAsync(TimeSpan.FromSeconds(15));
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}
