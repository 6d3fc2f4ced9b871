using k8s;
using Sluice.Testing.ApiServer;
using Sluice.Testing.ApiServer.Kubelet;

namespace Sluice.Cli.Tests;

/// <summary>
/// The API test server with its process kubelet running the sluice image as this build's sluice binary, a
/// kubeconfig for kubectl, and a deadline for every wait; stopping it stops every pod process.
/// </summary>
internal sealed class ProcessCluster : IAsyncDisposable
{
    public const string Image = "ghcr.io/sluice-dev/sluice:0.1.0";
    private readonly CancellationTokenSource deadline;

    private ProcessCluster(TestApiServer server, string dir, TimeSpan timeout)
    {
        Server = server;
        Directory = dir;
        Kubeconfig = Path.Combine(dir, "kubeconfig");
        server.WriteKubeconfig(Kubeconfig);
        Client = server.CreateClient();
        deadline = new CancellationTokenSource(timeout);
    }

    public TestApiServer Server { get; }

    public Kubernetes Client { get; }

    public string Directory { get; }

    public string Kubeconfig { get; }

    public CancellationToken Token => deadline.Token;

    /// <summary>The published apphost next to the tests, as a user passes it to --run-image.</summary>
    public static string SluiceBinary => Path.Combine(AppContext.BaseDirectory, "sluice");

    public static async Task<ProcessCluster> StartAsync(TimeSpan timeout)
    {
        var server = await TestApiServer.StartAsync(new TestApiServerOptions
        {
            RunImages = [ImageMapping.Parse($"ghcr.io/sluice-dev/sluice={SluiceBinary}")],
            RestartBackoff = TimeSpan.FromSeconds(1),
        });
        return new ProcessCluster(server, System.IO.Directory.CreateTempSubdirectory("sluice-cluster-").FullName, timeout);
    }

    public async Task<string> KubectlAsync(params string[] args)
    {
        var (code, output) = await ChildProcess.RunAsync("kubectl", ["--kubeconfig", Kubeconfig, .. args], RepositoryRoot.Path, Token);
        Assert.True(code == 0, $"kubectl {string.Join(' ', args)} failed ({code}): {output}");
        return output;
    }

    /// <summary>Polls until <paramref name="read"/> gives a value <paramref name="done"/> accepts; says what it last saw at the deadline.</summary>
    public async Task<T> WaitAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what)
    {
        T last = default!;
        try
        {
            while (true)
            {
                last = await read();
                if (done(last))
                {
                    return last;
                }

                await Task.Delay(100, Token);
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"never {what}; last seen: {KubernetesJson.Serialize(last)}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        deadline.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
