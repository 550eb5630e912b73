using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace FaceAspire.AppHost.Tests.Support;

/// <summary>
/// The built AppHost run as a child process (<c>dotnet FaceAspire.AppHost.dll</c> from its own output folder, from the
/// repository root, as <c>dotnet run --project FaceAspire.AppHost</c> runs it), with every line it prints captured.
/// </summary>
internal sealed class AppHostProcess : IDisposable
{
    public const int SigInt = 2;

    // Variables of the developer's own environment that would change what the AppHost starts.
    private static readonly string[] Inherited = ["FACEASPIRE_ADMIN_EMAIL", "FACEASPIRE_ADMIN_PASSWORD", "OTEL_EXPORTER_OTLP_ENDPOINT"];

    private readonly Process _process;
    private readonly Lock _gate = new();
    private readonly List<string> _output = [];
    private readonly List<string> _errors = [];
    private readonly List<(Regex Pattern, TaskCompletionSource<Match> Found)> _waiters = [];

    private AppHostProcess(Process startedProcess)
    {
        _process = startedProcess;
        _process.OutputDataReceived += (_, e) => Add(e.Data, _output);
        _process.ErrorDataReceived += (_, e) => Add(e.Data, _errors);
        _process.StandardInput.Close();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Exited = WaitForExitCodeAsync(startedProcess);
    }

    public int Id => _process.Id;

    /// <summary>Completes with the exit code once the AppHost has exited and its output is drained.</summary>
    public Task<int> Exited { get; }

    /// <summary>Standard output lines so far.</summary>
    public IReadOnlyList<string> Output
    {
        get
        {
            lock (_gate)
            {
                return [.. _output];
            }
        }
    }

    /// <summary>Standard error lines so far.</summary>
    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_gate)
            {
                return [.. _errors];
            }
        }
    }

    /// <summary>Everything printed so far, for failure messages.</summary>
    public string Transcript
    {
        get
        {
            lock (_gate)
            {
                return $"AppHost stdout:\n{string.Join('\n', _output)}\nAppHost stderr:\n{string.Join('\n', _errors)}";
            }
        }
    }

    /// <summary>Starts the AppHost with <paramref name="environment"/> on top of this process's environment.</summary>
    public static AppHostProcess Start(IReadOnlyDictionary<string, string> environment)
    {
        // As in a terminal: the AppHost leads its own process group with SIGINT at its default disposition. Node resets
        // every signal to its default in the children it spawns (a test runner may have been started with SIGINT
        // ignored, which a direct child would inherit), and `detached` gives the child its own session.
        var startInfo = new ProcessStartInfo("node")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = BuildInfo.RepositoryRoot,
        };
        startInfo.ArgumentList.Add("-e");
        startInfo.ArgumentList.Add(
            "const c = require('node:child_process').spawn(process.argv[1], process.argv.slice(2), { stdio: 'inherit', detached: true });"
            + "c.on('exit', (code, signal) => process.exit(code ?? 128));");
        startInfo.ArgumentList.Add("dotnet");
        startInfo.ArgumentList.Add(BuildInfo.AppHostAssembly);
        foreach (var name in Inherited)
        {
            startInfo.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        return new AppHostProcess(Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start node."));
    }

    /// <summary>The AppHost itself (the launcher's only child), which leads its process group.</summary>
    public int AppHostId => ProcessInfo.Descendants(_process.Id).FirstOrDefault();

    /// <summary>
    /// Waits until a whole line of standard output matches <paramref name="pattern"/>; fails with the transcript when the
    /// AppHost exits first or <paramref name="timeout"/> passes.
    /// </summary>
    public async Task<Match> WaitForLineAsync(Regex pattern, TimeSpan timeout)
    {
        var found = new TaskCompletionSource<Match>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_output.Select(line => pattern.Match(line)).FirstOrDefault(match => match.Success) is { } earlier)
            {
                return earlier;
            }

            _waiters.Add((pattern, found));
        }

        var first = await Task.WhenAny(found.Task, Exited, Task.Delay(timeout, TestContext.Current.CancellationToken));
        if (first == found.Task)
        {
            return await found.Task;
        }

        TestContext.Current.CancellationToken.ThrowIfCancellationRequested();
        var reason = first == Exited ? $"the AppHost exited with code {await Exited}" : $"{timeout.TotalSeconds:0} s passed";
        throw new Xunit.Sdk.XunitException($"No output line matched /{pattern}/: {reason}.\n{Transcript}");
    }

    /// <summary>Sends <paramref name="signal"/> to the AppHost's whole process group, as Ctrl+C in a terminal does.</summary>
    public void SignalGroup(int signal)
    {
        var group = AppHostId;
        if (group <= 0 || NativeMethods.Kill(-group, signal) != 0)
        {
            throw new InvalidOperationException($"kill(-{group}, {signal}) failed with errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    public void Dispose()
    {
        if (!Exited.IsCompleted)
        {
            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited meanwhile.
            }
        }

        _process.Dispose();
    }

    private static async Task<int> WaitForExitCodeAsync(Process process)
    {
        await process.WaitForExitAsync();
        return process.ExitCode;
    }

    private void Add(string? line, List<string> lines)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            lines.Add(line);
            if (ReferenceEquals(lines, _output))
            {
                foreach (var waiter in _waiters.ToList())
                {
                    if (waiter.Pattern.Match(line) is { Success: true } match)
                    {
                        waiter.Found.TrySetResult(match);
                        _waiters.Remove(waiter);
                    }
                }
            }
        }
    }

    private static class NativeMethods
    {
        [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int Kill(int pid, int signal);
    }
}
