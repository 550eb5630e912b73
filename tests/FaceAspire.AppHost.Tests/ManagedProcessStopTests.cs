using System.Diagnostics;
using FaceAspire.AppHost.Tests.Support;

namespace FaceAspire.AppHost.Tests;

public sealed class ManagedProcessStopTests
{
    private static ManagedProcess StartShell(string script) =>
        ManagedProcess.Start("shell", "sh", ["-c", script], Path.GetTempPath(), new Dictionary<string, string>(), new PrefixedOutput(TextWriter.Null));

    [Fact]
    public async Task Stop_ends_the_process_and_every_descendant()
    {
        using var process = StartShell("sleep 300 & sh -c 'sleep 300 & wait' & wait");
        var descendants = await ProcessInfo.WaitForDescendantsAsync(process.Id, 3);
        descendants.Count.ShouldBe(3); // sleep, sh and its sleep

        await process.StopAsync(TimeSpan.FromSeconds(5)).WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);

        ProcessInfo.IsRunning(process.Id).ShouldBeFalse();
        descendants.Where(ProcessInfo.IsRunning).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_process_that_handles_SIGTERM_shuts_down_gracefully()
    {
        using var process = StartShell("trap 'exit 7' TERM; while true; do sleep 0.1; done");
        await ProcessInfo.WaitForDescendantsAsync(process.Id, 1);
        var stopwatch = Stopwatch.StartNew();

        var code = await process.StopAsync(TimeSpan.FromSeconds(10));

        code.ShouldBe(7);
        stopwatch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_process_that_ignores_SIGTERM_is_killed_after_the_grace_period()
    {
        using var process = StartShell("trap '' TERM; sleep 300 & wait; sleep 300");
        var descendants = await ProcessInfo.WaitForDescendantsAsync(process.Id, 1);
        var stopwatch = Stopwatch.StartNew();

        await process.StopAsync(TimeSpan.FromMilliseconds(700)).WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);

        stopwatch.Elapsed.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(600));
        ProcessInfo.IsRunning(process.Id).ShouldBeFalse();
        descendants.Where(ProcessInfo.IsRunning).ShouldBeEmpty();
    }

    [Fact]
    public async Task Disposing_a_running_process_kills_its_tree()
    {
        var process = StartShell("sleep 300 & wait");
        var descendants = await ProcessInfo.WaitForDescendantsAsync(process.Id, 1);
        var id = process.Id;

        process.Dispose();
        await Task.Delay(300, TestContext.Current.CancellationToken);

        ProcessInfo.IsRunning(id).ShouldBeFalse();
        descendants.Where(ProcessInfo.IsRunning).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_process_runs_in_its_own_session_so_terminal_signals_reach_only_the_AppHost()
    {
        using var process = StartShell("sleep 300");
        await Task.Delay(200, TestContext.Current.CancellationToken);

        var stat = await File.ReadAllTextAsync($"/proc/{process.Id}/stat", TestContext.Current.CancellationToken);
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var (processGroup, session) = (int.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture), int.Parse(fields[3], System.Globalization.CultureInfo.InvariantCulture));

        processGroup.ShouldBe(process.Id);
        session.ShouldBe(process.Id);
        await process.StopAsync(TimeSpan.FromSeconds(5));
    }
}
