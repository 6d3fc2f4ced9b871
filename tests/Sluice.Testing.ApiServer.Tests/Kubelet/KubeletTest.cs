using k8s;
using k8s.Models;
using Sluice.Testing.ApiServer.Kubelet;

namespace Sluice.Testing.ApiServer.Tests.Kubelet;

/// <summary>
/// A test whose server runs pods of image "busybox" as real /bin/sh processes, with a 1 s crash back-off; every
/// wait ends after 60 s and the server (and so every process) stops after the test.
/// </summary>
public abstract class KubeletTest : IAsyncLifetime
{
    private readonly CancellationTokenSource cts = new(TimeSpan.FromSeconds(60));

    protected TestApiServer Server { get; private set; } = null!;

    protected Kubernetes Client { get; private set; } = null!;

    protected CancellationToken Token => cts.Token;

    public async Task InitializeAsync()
    {
        Server = await TestApiServer.StartAsync(new TestApiServerOptions
        {
            RunImages = [ImageMapping.Parse("busybox=/bin/sh")],
            RestartBackoff = TimeSpan.FromSeconds(1),
        }, Token);
        Client = Server.CreateClient();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        cts.Dispose();
    }

    /// <summary>A pod of one busybox container running <c>sh -c SCRIPT</c>.</summary>
    protected static V1Pod ShellPod(string name, string script, string restartPolicy = "Never", Action<V1Container>? container = null)
    {
        var c = new V1Container { Name = "main", Image = "busybox:1.36", Command = ["sh", "-c", script] };
        container?.Invoke(c);
        return new V1Pod { Metadata = new V1ObjectMeta { Name = name }, Spec = new V1PodSpec { RestartPolicy = restartPolicy, Containers = [c] } };
    }

    protected Task<V1Pod> WaitPodAsync(string name, Func<V1Pod, bool> done, string what) =>
        WaitForAsync(() => Client.CoreV1.ReadNamespacedPodAsync(name, "default", cancellationToken: Token), done, $"pod {name} never {what}");

    /// <summary>Polls until <paramref name="done"/> accepts what <paramref name="read"/> gives; at the deadline says what it saw last.</summary>
    protected async Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> done, string failure)
    {
        T? last = default;
        try
        {
            while (true)
            {
                last = await read();
                if (done(last))
                {
                    return last;
                }

                await Task.Delay(50, Token);
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{failure}; last seen: {KubernetesJson.Serialize(last)}");
        }
    }

    protected Task<V1Pod> WaitPhaseAsync(string name, string phase) => WaitPodAsync(name, p => p.Status?.Phase == phase, "reached " + phase);

    protected async Task WaitGoneAsync(string name)
    {
        while (true)
        {
            var pods = await Client.CoreV1.ListNamespacedPodAsync("default", cancellationToken: Token);
            if (pods.Items.All(p => p.Metadata.Name != name))
            {
                return;
            }

            await Task.Delay(50, Token);
        }
    }

    /// <summary>The process id a container wrote to <paramref name="file"/>, once it is there whole (the shell creates the file before it writes).</summary>
    protected async Task<int> ReadPidAsync(string file)
    {
        while (true)
        {
            if (File.Exists(file) && File.ReadAllText(file) is { } text && text.EndsWith('\n')
                && int.TryParse(text.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid))
            {
                return pid;
            }

            await Task.Delay(20, Token);
        }
    }

    protected static bool ProcessAlive(int pid) => Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal);
}
