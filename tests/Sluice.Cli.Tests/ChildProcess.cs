using System.Diagnostics;
using System.Text;

namespace Sluice.Cli.Tests;

/// <summary>A child process with its output captured; killed (whole tree) on dispose if still running.</summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();

    private ChildProcess(string fileName, IEnumerable<string> args, string workDir)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workDir };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        _process = Process.Start(info) ?? throw new InvalidOperationException($"{fileName} did not start");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    public int Id => _process.Id;

    public static ChildProcess Start(string fileName, IEnumerable<string> args, string workDir) => new(fileName, args, workDir);

    /// <summary>Runs to the end (or kills it at the deadline) and returns its exit code and output.</summary>
    public static async Task<(int Code, string Output)> RunAsync(string fileName, IEnumerable<string> args, string workDir, CancellationToken cancellationToken)
    {
        using var child = Start(fileName, args, workDir);
        var code = await child.WaitAsync(cancellationToken);
        return (code, child.Output);
    }

    public async Task<int> WaitAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw;
        }

        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_gate)
            {
                _output.AppendLine(line);
            }
        }
    }
}
