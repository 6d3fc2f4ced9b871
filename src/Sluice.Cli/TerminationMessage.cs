using System.Text;

namespace Sluice.Cli;

/// <summary>
/// Keeps what a command writes to stderr, so that a failed run leaves its error as the container's termination
/// message: the file Kubernetes reads back into <c>state.terminated.message</c> (<c>terminationMessagePath</c>,
/// /dev/termination-log by default; <c>SLUICE_TERMINATION_MESSAGE_PATH</c> names another, as the API test server's
/// process kubelet does). Kubernetes keeps at most 4096 bytes, so the message is the end of the error output.
/// </summary>
internal sealed class TerminationMessage(TextWriter inner) : TextWriter
{
    public const string Variable = Steps.StageEnvironment.TerminationMessageVariable;
    public const string DefaultPath = Steps.StageEnvironment.DefaultTerminationMessagePath;
    private const int MaxBytes = 4096;
    private readonly StringBuilder kept = new();
    private readonly Lock gate = new();
    private string? firstLine;

    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value) => Write(value.ToString());

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void Write(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        lock (gate)
        {
            kept.Append(value);
            if (firstLine is null && kept.ToString().IndexOf('\n', StringComparison.Ordinal) is var newline and >= 0)
            {
                firstLine = kept.ToString(0, newline);
            }

            // Only the end is kept: Kubernetes would cut the rest anyway.
            if (kept.Length > MaxBytes * 4)
            {
                kept.Remove(0, kept.Length - MaxBytes);
            }
        }

        inner.Write(value);
    }

    public override void Flush() => inner.Flush();

    /// <summary>
    /// Writes the message of a failed run where the kubelet looks for it; a usage error keeps only its first line
    /// (the rest is the usage text). Nothing is written outside a pod: the default file exists only there.
    /// </summary>
    public void WriteIfFailed(int exitCode, string? path = null)
    {
        path ??= Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } p ? p : File.Exists(DefaultPath) ? DefaultPath : null;
        if (exitCode == ExitCodes.Success || path is null)
        {
            return;
        }

        string message;
        lock (gate)
        {
            message = exitCode == ExitCodes.Usage && firstLine is not null ? firstLine + "\n" : kept.ToString();
        }

        var bytes = Encoding.UTF8.GetBytes(message);
        try
        {
            File.WriteAllBytes(path, bytes.Length > MaxBytes ? bytes[^MaxBytes..] : bytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The message is a courtesy: the exit code and the log still tell what happened.
        }
    }
}
