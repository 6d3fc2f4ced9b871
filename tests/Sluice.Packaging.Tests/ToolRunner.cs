using System.Diagnostics;
using System.Text;

namespace Sluice.Packaging.Tests;

/// <summary>Runs a repository script or tool with a deadline and captures its whole output.</summary>
internal static class ToolRunner
{
    public sealed record Result(int ExitCode, string Output)
    {
        public void AssertSuccess(string what) =>
            Assert.True(ExitCode == 0, $"{what} exited with {ExitCode}:\n{Output}");
    }

    public static async Task<Result> RunAsync(string fileName, IEnumerable<string> args, TimeSpan deadline)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["PATH"] = RepoPaths.Combine(".tools", "bin") + Path.PathSeparator
            + Environment.GetEnvironmentVariable("PATH");

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {fileName}");
        var output = new StringBuilder();
        var gate = new object();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (gate) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (gate) { output.AppendLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(deadline);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', info.ArgumentList)} did not finish within {deadline}:\n{output}");
        }

        process.WaitForExit();
        lock (gate)
        {
            return new Result(process.ExitCode, output.ToString());
        }
    }

    public static Task<Result> CheckPackagingAsync(params string[] args) =>
        RunAsync("bash", [RepoPaths.Combine("hack", "check-packaging.sh"), .. args], TimeSpan.FromMinutes(3));
}
