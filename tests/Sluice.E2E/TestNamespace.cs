namespace Sluice.E2E;

/// <summary>A namespace of its own per test, deleted afterwards (without waiting), so runs never collide.</summary>
internal sealed class TestNamespace : IDisposable
{
    public TestNamespace(string prefix)
    {
        Name = $"e2e-{prefix}-{Guid.NewGuid().ToString("N")[..6]}";
        var created = Cluster.Kubectl(TimeSpan.FromSeconds(30), "create", "namespace", Name);
        Assert.True(created.ExitCode == 0, $"kubectl create namespace {Name}: {created.Output}");
    }

    public string Name { get; }

    public Cluster.Result Apply(string pathOrManifest, bool isFile = true)
    {
        var result = isFile
            ? Cluster.Kubectl(TimeSpan.FromMinutes(1), "apply", "-n", Name, "-f", pathOrManifest)
            : Cluster.KubectlWithInput(TimeSpan.FromMinutes(1), pathOrManifest, "apply", "-n", Name, "-f", "-");
        Assert.True(result.ExitCode == 0, $"kubectl apply -n {Name}: {result.Output}");
        return result;
    }

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("SLUICE_E2E_KEEP") == "1")
        {
            return;
        }

        Cluster.Kubectl(TimeSpan.FromSeconds(30), "delete", "namespace", Name, "--wait=false", "--ignore-not-found");
    }
}
