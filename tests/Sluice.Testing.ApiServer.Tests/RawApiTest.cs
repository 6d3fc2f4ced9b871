namespace Sluice.Testing.ApiServer.Tests;

/// <summary>A test class whose every test gets its own API test server and raw client, stopped after the test.</summary>
public abstract class RawApiTest : IAsyncLifetime
{
    private readonly CancellationTokenSource _cts = new(TimeSpan.FromSeconds(30));

    protected TestApiServer Server { get; private set; } = null!;

    private protected RawApi Api { get; private set; } = null!;

    /// <summary>Ends every request of the test after 30 s, so no test can hang.</summary>
    protected CancellationToken Token => _cts.Token;

    protected virtual TestApiServerOptions Options => new();

    public async Task InitializeAsync()
    {
        Server = await TestApiServer.StartAsync(Options, _cts.Token);
        Api = new RawApi(Server.Url);
        await StartedAsync();
    }

    public async Task DisposeAsync()
    {
        await StoppingAsync();
        Api.Dispose();
        await Server.DisposeAsync();
        _cts.Dispose();
    }

    /// <summary>What a test class sets up on the running server before each test.</summary>
    protected virtual Task StartedAsync() => Task.CompletedTask;

    /// <summary>What a test class stops (servers it started) before the API server stops.</summary>
    protected virtual Task StoppingAsync() => Task.CompletedTask;
}
