using System.Diagnostics;
using System.Net.Sockets;
using FaceAspire.TestSupport;

namespace FaceAspire.Api.Tests.Support;

/// <summary>The s3rver S3-compatible server from the root npm packages, on a free port with one bucket.</summary>
public sealed class S3rverProcess : IAsyncDisposable
{
    public const string Bucket = "faceaspire-test";
    private readonly Process _process;
    private readonly string _directory;

    private S3rverProcess(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        ServiceUrl = $"http://127.0.0.1:{port}";
    }

    public string ServiceUrl { get; }

    public static async Task<S3rverProcess> StartAsync()
    {
        var script = RepositoryRoot.NodeModule("s3rver", "bin", "s3rver.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"{script} is missing: run `npm ci` at the repository root.");
        }

        var directory = Path.Combine(Path.GetTempPath(), $"faceaspire-s3rver-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        var port = LocalPostgresServer.FreeTcpPort();
        var start = new ProcessStartInfo("node")
        {
            ArgumentList = { script, "-d", directory, "-a", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--silent", "--configure-bucket", Bucket },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("node could not be started.");
        var server = new S3rverProcess(process, directory, port);
        for (var deadline = DateTime.UtcNow.AddSeconds(30); ; await Task.Delay(100))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"s3rver exited: {await process.StandardError.ReadToEndAsync()}");
            }

            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync("127.0.0.1", port);
                return server;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                // Not listening yet.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
