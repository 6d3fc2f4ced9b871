using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Sluice.Artifacts.Tests;

/// <summary>
/// A real s3rver (installed by hack/setup.d/10-s3rver.sh into .tools/s3rver) on a free port of 127.0.0.1, with its
/// data in a temp directory; stopped and deleted on dispose.
/// </summary>
public sealed class S3rverProcess : IDisposable
{
    private readonly Process _process;

    private S3rverProcess(Process process, int port, string dataDirectory)
    {
        _process = process;
        Port = port;
        DataDirectory = dataDirectory;
    }

    public int Port { get; }

    public string DataDirectory { get; }

    public string Endpoint => $"http://127.0.0.1:{Port}";

    public static S3rverProcess Start()
    {
        var script = FindScript();
        var port = FreePort();
        var data = Directory.CreateTempSubdirectory("sluice-s3rver-").FullName;
        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { script, "-d", data, "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--address", "127.0.0.1", "--silent" })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start node for s3rver");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new S3rverProcess(process, port, data);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                server.Dispose();
                throw new InvalidOperationException($"s3rver exited with code {process.ExitCode} on start");
            }

            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return server;
            }
            catch (SocketException)
            {
                Thread.Sleep(100);
            }
        }

        server.Dispose();
        throw new TimeoutException($"s3rver did not listen on port {port} within 20 s");
    }

    public S3Settings Settings(bool createBucket = true) => new(Endpoint, "S3RVER", "S3RVER", null, createBucket);

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        finally
        {
            _process.Dispose();
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: the temp directory is cleaned by the OS otherwise.
            }
        }
    }

    private static string FindScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, ".tools", "s3rver", "node_modules", "s3rver", "bin", "s3rver.js");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("s3rver is not installed: run hack/setup.d/10-s3rver.sh (hack/test.sh does)");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
