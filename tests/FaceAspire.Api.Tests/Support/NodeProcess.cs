using System.Diagnostics;
using System.Net.Sockets;

namespace FaceAspire.Api.Tests.Support;

/// <summary>Starts a child process and waits until it accepts TCP connections on a port.</summary>
public static class ChildProcess
{
    public static async Task<Process> StartListeningAsync(ProcessStartInfo start, int port, string name)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{name} could not be started.");
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        for (var deadline = DateTime.UtcNow.AddSeconds(60); ; await Task.Delay(100))
        {
            if (process.HasExited)
            {
                lock (output)
                {
                    throw new InvalidOperationException($"{name} exited with {process.ExitCode}: {output}");
                }
            }

            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync("127.0.0.1", port);
                return process;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                // Not listening yet.
            }
        }
    }

    public static async Task StopAsync(Process? process)
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process?.Dispose();
    }
}
