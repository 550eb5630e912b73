using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using FaceAspire.AppHost.Tests.Support;

namespace FaceAspire.AppHost.Tests;

/// <summary>
/// The README's first command as a developer meets it: the built AppHost with its launch profile's settings (on free
/// ports), the lines it prints, the app, the inbox and the dashboard at the printed addresses, and Ctrl+C (SIGINT to the
/// process group) ending every process it started, the orchestrator and the dashboard included, within 15 s.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed partial class AppHostCommandTests : IDisposable
{
    private static readonly TimeSpan StopLimit = TimeSpan.FromSeconds(15);

    private readonly TempDirectory _temp = new();
    private AppHostProcess? _appHost;

    [Fact]
    public async Task The_AppHost_prints_the_dashboard_inbox_and_app_addresses_serves_them_and_stops_everything_on_Ctrl_C()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var port = FreePort.Next();
        _appHost = AppHostProcess.Start(new Dictionary<string, string>(LaunchProfile.WithFreePorts(), StringComparer.Ordinal)
        {
            ["FACEASPIRE_PORT"] = port.ToString(CultureInfo.InvariantCulture),
            ["FACEASPIRE_STATE_DIR"] = _temp.File("state"),
        });

        var running = await _appHost.WaitForLineAsync(RunningLine(), TestAppHost.StartTimeout);
        var dashboard = await _appHost.WaitForLineAsync(DashboardLine(), TimeSpan.FromSeconds(5));
        var inbox = await _appHost.WaitForLineAsync(MailInboxLine(), TimeSpan.FromSeconds(5));
        running.Groups["url"].Value.ShouldBe($"http://localhost:{port}");
        File.Exists(_temp.File("state/jwt-signing-key")).ShouldBeTrue();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var health = await http.GetAsync(new Uri($"{running.Groups["url"].Value}/health"), cancellationToken);
        health.StatusCode.ShouldBe(HttpStatusCode.OK);
        var index = await http.GetStringAsync(new Uri(running.Groups["url"].Value), cancellationToken);
        index.ShouldBe(await File.ReadAllTextAsync(Path.Combine(BuildInfo.RepositoryRoot, "FaceAspire.Web", "wwwroot", "index.html"), cancellationToken));
        using (var request = new HttpRequestMessage(HttpMethod.Get, new Uri(inbox.Groups["url"].Value)))
        {
            request.Headers.Accept.ParseAdd("text/html");
            (await (await http.SendAsync(request, cancellationToken)).Content.ReadAsStringAsync(cancellationToken)).ShouldContain("<title>MailDev</title>");
        }

        // The login link opens the dashboard: it sets the session cookie and sends the browser on to the resources page.
        using (var login = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }))
        {
            var answer = await login.GetAsync(new Uri(dashboard.Groups["url"].Value), cancellationToken);
            ((int)answer.StatusCode).ShouldBeInRange(200, 399, await answer.Content.ReadAsStringAsync(cancellationToken));
            answer.Headers.TryGetValues("Set-Cookie", out var cookies).ShouldBeTrue("the login link set no cookie");
            cookies.ShouldContain(cookie => cookie.Contains(".Aspire.Dashboard.Auth", StringComparison.Ordinal));
        }

        var started = ProcessInfo.StartedBy(_appHost.AppHostId);
        var commandLines = started.Select(ProcessInfo.CommandLine).ToList();
        foreach (var part in new[] { "dcp", "Aspire.Dashboard", "maildev", "postgres -D", "FaceAspire.Api", "FaceAspire.Web", "FaceAspire.AlertFunction" })
        {
            commandLines.ShouldContain(line => line.Contains(part, StringComparison.Ordinal), $"nothing running matched '{part}'");
        }

        var stopwatch = Stopwatch.StartNew();
        _appHost.SignalGroup(AppHostProcess.SigInt);
        var exited = await Task.WhenAny(_appHost.Exited, Task.Delay(StopLimit, cancellationToken)) == _appHost.Exited;
        var survivors = started.Where(ProcessInfo.IsRunning).ToList();
        while (survivors.Count > 0 && stopwatch.Elapsed < StopLimit)
        {
            await Task.Delay(100, cancellationToken);
            survivors = [.. survivors.Where(ProcessInfo.IsRunning)];
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"everything stopped {stopwatch.Elapsed.TotalSeconds:0.0} s after SIGINT");
        exited.ShouldBeTrue($"the AppHost still ran {StopLimit.TotalSeconds:0} s after SIGINT\n{_appHost.Transcript}");
        (await _appHost.Exited).ShouldBe(0, _appHost.Transcript);
        survivors.ShouldBeEmpty($"still running {StopLimit.TotalSeconds:0} s after SIGINT: {string.Join("; ", survivors.Select(pid => $"{pid} {ProcessInfo.CommandLine(pid)}"))}");
    }

    [Fact]
    public async Task An_invalid_port_is_one_line_on_stderr_and_exit_code_2_before_anything_starts()
    {
        _appHost = AppHostProcess.Start(new Dictionary<string, string>(LaunchProfile.WithFreePorts(), StringComparer.Ordinal)
        {
            ["FACEASPIRE_PORT"] = "abc",
            ["FACEASPIRE_STATE_DIR"] = _temp.File("state"),
        });

        var exitCode = await _appHost.Exited.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        exitCode.ShouldBe(2, _appHost.Transcript);
        _appHost.Errors.ShouldBe(["FACEASPIRE_PORT must be a port number (1-65535), not 'abc'."]);
        _appHost.Output.ShouldBeEmpty();
        Directory.Exists(_temp.File("state")).ShouldBeFalse("the AppHost created its state folder before checking its settings");
    }

    public void Dispose()
    {
        _appHost?.Dispose();
        _temp.Dispose();
    }

    [GeneratedRegex(@"^FaceAspire is running at (?<url>http://localhost:\d+)$")]
    private static partial Regex RunningLine();

    [GeneratedRegex(@"^Mail inbox at (?<url>http://\S+)$")]
    private static partial Regex MailInboxLine();

    [GeneratedRegex(@"^Dashboard at (?<url>http://localhost:\d+/login\?t=[0-9a-f]+)$")]
    private static partial Regex DashboardLine();

    /// <summary>The AppHost's <c>http</c> launch profile (what <c>dotnet run</c> applies), each address on a free port.</summary>
    private static class LaunchProfile
    {
        public static Dictionary<string, string> WithFreePorts()
        {
            using var settings = JsonDocument.Parse(File.ReadAllText(
                Path.Combine(BuildInfo.RepositoryRoot, "FaceAspire.AppHost", "Properties", "launchSettings.json")));
            var profile = settings.RootElement.GetProperty("profiles").GetProperty("http");
            var variables = profile.GetProperty("environmentVariables").EnumerateObject()
                .ToDictionary(v => v.Name, v => OnFreePort(v.Value.GetString()!), StringComparer.Ordinal);
            variables["ASPNETCORE_URLS"] = OnFreePort(profile.GetProperty("applicationUrl").GetString()!);
            return variables;
        }

        private static string OnFreePort(string value) =>
            LocalAddress().Replace(value, match => $"{match.Groups["scheme"].Value}://localhost:{FreePort.Next()}");
    }

    [GeneratedRegex(@"(?<scheme>https?)://localhost:\d+")]
    private static partial Regex LocalAddress();
}
