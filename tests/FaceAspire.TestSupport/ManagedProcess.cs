using System.Diagnostics;
using System.Runtime.InteropServices;

namespace FaceAspire.TestSupport;

/// <summary>
/// A child process whose output is prefixed with its resource name and which is stopped together with
/// everything it started. On Unix it runs in its own session (through <c>setsid</c>), so a Ctrl+C in the
/// terminal reaches only the AppHost, which then stops each service in order; stopping sends SIGTERM to the
/// whole process group, waits, then kills what is left of the process tree.
/// </summary>
public sealed class ManagedProcess : IDisposable
{
    private const int SigTerm = 15;
    private const int SigKill = 9;
    private const string SetsidPath = "/usr/bin/setsid";
    private readonly Process _process;
    private readonly bool _ownsProcessGroup;

    private ManagedProcess(Process process, bool ownsProcessGroup, Task<int> exited)
    {
        _process = process;
        _ownsProcessGroup = ownsProcessGroup;
        Exited = exited;
    }

    /// <summary>Process id (also the process group id when the process leads its own session).</summary>
    public int Id => _process.Id;

    /// <summary>Completes with the exit code once the process has exited and its output is drained.</summary>
    public Task<int> Exited { get; }

    /// <summary>Starts <paramref name="fileName"/>; stdout and stderr lines go to <paramref name="output"/> prefixed with <paramref name="name"/>.</summary>
    /// <param name="name">Resource name used as the output prefix.</param>
    /// <param name="fileName">Program to run (looked up on the PATH).</param>
    /// <param name="arguments">Its arguments.</param>
    /// <param name="workingDirectory">Folder it starts in.</param>
    /// <param name="environment">Variables set on top of the AppHost's own environment.</param>
    /// <param name="output">Where its lines go.</param>
    public static ManagedProcess Start(
        string name, string fileName, IEnumerable<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string> environment, PrefixedOutput output)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(output);
        var ownsProcessGroup = !OperatingSystem.IsWindows() && File.Exists(SetsidPath);
        var startInfo = new ProcessStartInfo(ownsProcessGroup ? SetsidPath : fileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        if (ownsProcessGroup)
        {
            // The child of a fork is never a group leader, so setsid execs in place and keeps the process id.
            startInfo.ArgumentList.Add(fileName);
        }

        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            startInfo.Environment[key] = value;
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { output.WriteLine(name, e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { output.WriteLine(name, e.Data); } };
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {fileName}.");
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ManagedProcess(process, ownsProcessGroup, WaitForExitCodeAsync(process));
    }

    /// <summary>
    /// Asks the process (and its group) to stop with SIGTERM, then kills the whole tree if it is still there
    /// after <paramref name="gracePeriod"/>. Returns the exit code.
    /// </summary>
    public async Task<int> StopAsync(TimeSpan gracePeriod)
    {
        if (!Exited.IsCompleted)
        {
            Signal(SigTerm);
            await Task.WhenAny(Exited, Task.Delay(gracePeriod)).ConfigureAwait(false);
        }

        // Even after the leader exits, children it left in its group may still run.
        Signal(SigKill);
        if (!Exited.IsCompleted)
        {
            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited between the check and the kill.
            }
        }

        return await Exited.ConfigureAwait(false);
    }

    /// <summary>Kills whatever is still running (the safety net when <see cref="StopAsync"/> was not awaited), then releases the handle.</summary>
    public void Dispose()
    {
        if (!Exited.IsCompleted)
        {
            Signal(SigKill);
            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }

        _process.Dispose();
    }

    private void Signal(int signal)
    {
        if (OperatingSystem.IsWindows())
        {
            if (signal == SigKill && !_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            return;
        }

        // A negative id addresses the whole process group; ESRCH (nothing left) is fine.
        _ = NativeMethods.Kill(_ownsProcessGroup ? -_process.Id : _process.Id, signal);
    }

    private static async Task<int> WaitForExitCodeAsync(Process process)
    {
        await process.WaitForExitAsync().ConfigureAwait(false);
        return process.ExitCode;
    }

    private static class NativeMethods
    {
        [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int Kill(int pid, int signal);
    }
}
