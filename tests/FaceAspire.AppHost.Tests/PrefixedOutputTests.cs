using FaceAspire.AppHost.Tests.Support;

namespace FaceAspire.AppHost.Tests;

public sealed class PrefixedOutputTests
{
    [Fact]
    public void Each_line_carries_its_resource_name()
    {
        PrefixedOutput.Format("api", "Now listening").ShouldBe("[api] Now listening");
    }

    [Fact]
    public void Concurrent_writers_never_interleave_within_a_line_and_carriage_returns_are_dropped()
    {
        using var captured = new CapturedOutput();
        var output = new PrefixedOutput(captured);

        Parallel.For(0, 400, i => output.WriteLine(i % 2 == 0 ? "api" : "web", $"line {i} " + new string('x', 200) + "\r"));

        var lines = captured.Lines();
        lines.Length.ShouldBe(400);
        lines.ShouldAllBe(line => (line.StartsWith("[api] line ", StringComparison.Ordinal) || line.StartsWith("[web] line ", StringComparison.Ordinal))
            && line.EndsWith(new string('x', 200), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_process_stdout_and_stderr_lines_are_prefixed()
    {
        using var captured = new CapturedOutput();
        using var process = ManagedProcess.Start(
            "demo", "sh", ["-c", "echo to stdout; echo to stderr >&2; printf 'no newline'"], Path.GetTempPath(),
            new Dictionary<string, string>(), new PrefixedOutput(captured));

        (await process.Exited.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken)).ShouldBe(0);

        captured.Lines().Order(StringComparer.Ordinal).ShouldBe(["[demo] no newline", "[demo] to stderr", "[demo] to stdout"]);
    }

    [Fact]
    public async Task A_process_receives_the_computed_environment()
    {
        using var captured = new CapturedOutput();
        using var process = ManagedProcess.Start(
            "env", "sh", ["-c", "echo \"$services__api__http__0\""], Path.GetTempPath(),
            new Dictionary<string, string> { ["services__api__http__0"] = "http://localhost:5101" }, new PrefixedOutput(captured));

        await process.Exited.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        captured.Lines().ShouldBe(["[env] http://localhost:5101"]);
    }
}
