using System.Diagnostics;

namespace Sluice.Runner;

/// <summary>The result of one attempt of a stage as a child process.</summary>
internal sealed record AttemptResult(bool Succeeded, bool TimedOut, int? ExitCode, string? LastError);

/// <summary>Runs one attempt of a stage as a child process, streaming its output to a log file and the reporter.</summary>
internal static class StageProcess
{
    public static async Task<AttemptResult> RunAsync(
        IReadOnlyList<string> commandLine,
        IReadOnlyDictionary<string, string?> environment,
        string workingDirectory,
        TimeSpan? timeout,
        string logPath,
        Action<string> onLine,
        CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(commandLine[0])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in commandLine.Skip(1))
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment.Clear();
        foreach (var (name, value) in environment)
        {
            if (value is not null)
            {
                info.Environment[name] = value;
            }
        }

        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        await using var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var logLock = new Lock();
        string? lastError = null;
        string? lastOutput = null;
        void Line(string? line, bool error)
        {
            if (line is null)
            {
                return;
            }

            lock (logLock)
            {
                log.WriteLine(line);
                if (line.Trim().Length > 0)
                {
                    if (error)
                    {
                        lastError = line.Trim();
                    }
                    else
                    {
                        lastOutput = line.Trim();
                    }
                }
            }

            onLine(line);
        }

        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Line(e.Data, false);
        process.ErrorDataReceived += (_, e) => Line(e.Data, true);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return new AttemptResult(false, false, null, $"cannot start {commandLine[0]}: {e.Message}");
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeoutSource = timeout is { } t ? new CancellationTokenSource(t) : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        try
        {
            await process.WaitForExitAsync(linked.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await process.WaitForExitAsync(grace.Token);
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            return new AttemptResult(false, true, null, $"timed out after {timeout}");
        }

        // WaitForExitAsync returns after the output streams reach EOF, so every line has been seen.
        var ok = process.ExitCode == 0;
        return new AttemptResult(ok, false, process.ExitCode, ok ? null : lastError ?? lastOutput);
    }
}
