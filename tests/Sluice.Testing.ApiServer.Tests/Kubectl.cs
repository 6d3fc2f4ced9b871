using System.Diagnostics;

namespace Sluice.Testing.ApiServer.Tests;

/// <summary>Runs the real kubectl binary against a kubeconfig, with a deadline.</summary>
internal sealed class Kubectl(string kubeconfig, string workDir)
{
    public async Task<(int Code, string Out, string Err)> RunAsync(string args, CancellationToken ct, string? stdin = null)
    {
        // Arguments split on spaces only, never unquoted by a shell: JSON patches pass through as written.
        var psi = new ProcessStartInfo("kubectl", ["--kubeconfig", kubeconfig, .. args.Split(' ', StringSplitOptions.RemoveEmptyEntries)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            WorkingDirectory = workDir,
        };
        psi.Environment["KUBECACHEDIR"] = Path.Combine(workDir, "cache");
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("kubectl did not start; it must be on PATH (kubectl 1.32)");
        if (stdin is not null)
        {
            await p.StandardInput.WriteAsync(stdin);
            p.StandardInput.Close();
        }
        var stdout = p.StandardOutput.ReadToEndAsync(ct);
        var stderr = p.StandardError.ReadToEndAsync(ct);
        try
        {
            await p.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw;
        }
        return (p.ExitCode, await stdout, await stderr);
    }

    public async Task<string> OkAsync(string args, CancellationToken ct, string? stdin = null)
    {
        var (code, output, err) = await RunAsync(args, ct, stdin);
        Assert.True(code == 0, $"kubectl {args} failed ({code}): {err}{output}");
        return output;
    }
}
