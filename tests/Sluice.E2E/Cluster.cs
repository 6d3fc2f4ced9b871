using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace Sluice.E2E;

/// <summary>
/// The cluster the end-to-end suite runs against: the kubeconfig in SLUICE_E2E_KUBECONFIG, else KUBECONFIG.
/// ~/.kube/config is never used implicitly, so the suite cannot land on a production cluster by accident.
/// Probed once per test run, with a short deadline; everything goes through the real kubectl.
/// </summary>
internal static class Cluster
{
    private static readonly Lazy<string?> SkipReasonLazy = new(Probe);

    /// <summary>Why the suite is skipped, or null when a cluster with Sluice installed is reachable.</summary>
    public static string? SkipReason => SkipReasonLazy.Value;

    public static string? Kubeconfig { get; } = FindKubeconfig();

    public static string RepoRoot { get; } = FindRepoRoot();

    private static string? FindKubeconfig()
    {
        var explicitPath = Environment.GetEnvironmentVariable("SLUICE_E2E_KUBECONFIG");
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            return explicitPath;
        }

        var kubeconfig = Environment.GetEnvironmentVariable("KUBECONFIG");
        return string.IsNullOrWhiteSpace(kubeconfig) ? null : kubeconfig.Split(Path.PathSeparator)[0];
    }

    private static string? Probe()
    {
        if (Kubeconfig is null)
        {
            return "no cluster: set SLUICE_E2E_KUBECONFIG (or KUBECONFIG) to a cluster with Sluice installed (hack/quickstart.sh makes one with k3d)";
        }

        if (!File.Exists(Kubeconfig))
        {
            return $"no cluster: kubeconfig {Kubeconfig} does not exist";
        }

        try
        {
            var version = Kubectl(TimeSpan.FromSeconds(10), "version", "--request-timeout=5s", "-o", "json");
            if (version.ExitCode != 0)
            {
                return $"no cluster: the API server in {Kubeconfig} is not reachable: {FirstLine(version.Output)}";
            }

            var crd = Kubectl(TimeSpan.FromSeconds(10), "get", "crd", "pipelineruns.sluice.dev", "--request-timeout=5s", "-o", "name");
            if (crd.ExitCode != 0)
            {
                return $"Sluice is not installed in the cluster of {Kubeconfig} (no CRD pipelineruns.sluice.dev): run hack/quickstart.sh or helm install";
            }
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or TimeoutException)
        {
            return $"no cluster: {e.Message}";
        }

        return null;
    }

    // `kubectl version -o json` prints the client version before the error; report the error line.
    private static string FirstLine(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.FirstOrDefault(l => l.Contains("rror", StringComparison.Ordinal) || l.Contains("refused", StringComparison.Ordinal)
            || l.Contains("Unable", StringComparison.Ordinal)) ?? lines.LastOrDefault() ?? "";
    }

    public sealed record Result(int ExitCode, string Output);

    /// <summary>Runs kubectl against the suite's cluster, killing it at the deadline.</summary>
    public static Result Kubectl(TimeSpan deadline, params string[] args) => KubectlWithInput(deadline, null, args);

    public static Result KubectlWithInput(TimeSpan deadline, string? stdin, params string[] args)
    {
        var info = new ProcessStartInfo("kubectl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
            WorkingDirectory = RepoRoot,
        };
        info.ArgumentList.Add("--kubeconfig");
        info.ArgumentList.Add(Kubeconfig ?? throw new InvalidOperationException("no kubeconfig"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start kubectl");
        var output = new StringBuilder();
        var gate = new object();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (gate) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (gate) { output.AppendLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
            process.StandardInput.Close();
        }

        if (!process.WaitForExit(deadline))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl {string.Join(' ', args)} did not finish within {deadline}");
        }

        process.WaitForExit();
        lock (gate)
        {
            return new Result(process.ExitCode, output.ToString());
        }
    }

    /// <summary>Reads one object as JSON, or null when it does not exist (yet).</summary>
    public static JsonNode? Get(string ns, string resource, string name)
    {
        var result = Kubectl(TimeSpan.FromSeconds(30), "get", resource, name, "-n", ns, "-o", "json", "--ignore-not-found");
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"kubectl get {resource} {name} -n {ns}: {result.Output}");
        }

        return string.IsNullOrWhiteSpace(result.Output) ? null : JsonNode.Parse(result.Output);
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Operator.sln")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
