using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using FaceAspire.AppHost.Tests.Support;

namespace FaceAspire.AppHost.Tests;

/// <summary>
/// The README's first command end to end: the built AppHost starts PostgreSQL, MailDev, the migrations, the alert
/// function, the API and the web front end as real processes, serves the app at the URL it prints, and stops every
/// one of them on SIGTERM. Its state folder is a temporary folder, never the developer's <c>.faceaspire/</c>.
/// </summary>
public sealed partial class AppHostSmokeTests : IAsyncDisposable
{
    // A cold start takes about 50 s on a loaded 2-core machine; the AppHost gives each resource 2 minutes itself.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _temp = new();
    private readonly List<int> _started = [];
    private AppHostProcess? _appHost;
    private string? _postgresDirectory;

    private string StateDirectory => _temp.File("state");

    [Fact]
    public async Task The_AppHost_serves_the_app_at_the_printed_url_and_stops_everything_it_started_on_SIGTERM()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var port = LocalPostgresServer.FreeTcpPort();
        // Where the AppHost will keep the cluster: inside the state folder, unless (as root) the postgres user cannot enter it.
        _postgresDirectory = await PostgresStateDirectory.ResolveAsync(Path.Combine(StateDirectory, "postgres"), cancellationToken);

        var stopwatch = Stopwatch.StartNew();
        _appHost = AppHostProcess.Start(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["FACEASPIRE_PORT"] = port.ToString(CultureInfo.InvariantCulture),
            ["FACEASPIRE_STATE_DIR"] = StateDirectory,
        });
        var running = await _appHost.WaitForLineAsync(RunningLine(), StartTimeout);
        TestContext.Current.TestOutputHelper?.WriteLine($"running after {stopwatch.Elapsed.TotalSeconds:0.0} s");
        var mailInbox = await _appHost.WaitForLineAsync(MailInboxLine(), TimeSpan.FromSeconds(5));
        var postgres = await _appHost.WaitForLineAsync(PostgresLine(), TimeSpan.FromSeconds(5));

        running.Groups["url"].Value.ShouldBe($"http://localhost:{port}");
        postgres.Groups["data"].Value.ShouldBe(_postgresDirectory, _appHost.Transcript);
        File.Exists(Path.Combine(StateDirectory, "jwt-signing-key")).ShouldBeTrue();
        File.Exists(Path.Combine(StateDirectory, "alert-function-key")).ShouldBeTrue();

        using var http = new HttpClient { BaseAddress = new Uri(running.Groups["url"].Value), Timeout = TimeSpan.FromSeconds(30) };
        await ServesTheAppAsync(http, cancellationToken);
        await ServesTheMailInboxAsync(http, new Uri(mailInbox.Groups["url"].Value), cancellationToken);

        var services = RecordStartedProcesses();
        services.ShouldContain(pid => ProcessInfo.CommandLine(pid).Contains("FaceAspire.Api.dll", StringComparison.Ordinal));
        services.ShouldContain(pid => ProcessInfo.CommandLine(pid).Contains("FaceAspire.Web.dll", StringComparison.Ordinal));
        services.ShouldContain(pid => ProcessInfo.CommandLine(pid).Contains("FaceAspire.AlertFunction.dll", StringComparison.Ordinal));
        services.ShouldContain(pid => ProcessInfo.CommandLine(pid).Contains(MailDevBuilderExtensions.ScriptInNodeModules, StringComparison.Ordinal));
        var postmaster = Postmaster() ?? throw new Xunit.Sdk.XunitException($"No running PostgreSQL server in {_postgresDirectory}.");
        _started.ShouldContain(postmaster);

        stopwatch.Restart();
        _appHost.Signal(AppHostProcess.SigTerm);
        var exited = await Task.WhenAny(_appHost.Exited, Task.Delay(StopTimeout, cancellationToken)) == _appHost.Exited;
        TestContext.Current.TestOutputHelper?.WriteLine($"stopped {stopwatch.Elapsed.TotalSeconds:0.0} s after SIGTERM");

        exited.ShouldBeTrue($"the AppHost still ran {StopTimeout.TotalSeconds:0} s after SIGTERM\n{_appHost.Transcript}");
        (await _appHost.Exited).ShouldBe(0, _appHost.Transcript);
        _appHost.Errors.ShouldBeEmpty(_appHost.Transcript);
        // Each service shut down on its SIGTERM (a service killed after the grace period would not exit with 0).
        foreach (var resource in new[] { "web", "api", "alertfunction", "mail" })
        {
            _appHost.Output.ShouldContain($"[{resource}] stopped (exit code 0)", _appHost.Transcript);
        }

        _appHost.Output.ShouldContain("[postgres] stopped", _appHost.Transcript);

        var survivors = await SurvivorsAsync();
        survivors.ShouldBeEmpty($"still running after the AppHost exited: {string.Join("; ", survivors.Select(pid => $"{pid} {ProcessInfo.CommandLine(pid)}"))}");
    }

    [Fact]
    public async Task An_invalid_port_is_one_line_on_stderr_and_exit_code_2_before_anything_starts()
    {
        _appHost = AppHostProcess.Start(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["FACEASPIRE_PORT"] = "abc",
            ["FACEASPIRE_STATE_DIR"] = StateDirectory,
        });

        var exitCode = await _appHost.Exited.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        exitCode.ShouldBe(2, _appHost.Transcript);
        _appHost.Errors.ShouldBe(["FACEASPIRE_PORT must be a port number (1-65535), not 'abc'."]);
        _appHost.Output.ShouldBeEmpty();
        Directory.Exists(StateDirectory).ShouldBeFalse("the AppHost created its state folder before checking its settings");
    }

    public async ValueTask DisposeAsync()
    {
        if (_appHost is { } appHost)
        {
            if (!appHost.Exited.IsCompleted)
            {
                // The test failed while everything ran: first the AppHost's own orderly stop, then force.
                RecordStartedProcesses();
                appHost.Signal(AppHostProcess.SigTerm);
                await Task.WhenAny(appHost.Exited, Task.Delay(StopTimeout, CancellationToken.None));
            }

            if (!appHost.Exited.IsCompleted)
            {
                RecordStartedProcesses();
            }

            appHost.Dispose();
            foreach (var pid in _started.Where(ProcessInfo.IsRunning))
            {
                Kill(pid);
            }
        }

        _temp.Dispose();
        if (_postgresDirectory is not null && !_postgresDirectory.StartsWith(_temp.Path, StringComparison.Ordinal))
        {
            // The cluster moved out of the state folder (see PostgresStateDirectory): its own folder goes too.
            DeleteDirectory(Path.GetDirectoryName(_postgresDirectory)!);
        }
    }

    /// <summary>The health check, the front end's index page and one of its bundles, and the API through the web proxy.</summary>
    private static async Task ServesTheAppAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var health = await http.GetAsync(new Uri("/health", UriKind.Relative), cancellationToken);
        health.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await health.Content.ReadAsStringAsync(cancellationToken)).ShouldBe("Healthy");

        var index = await http.GetAsync(new Uri("/", UriKind.Relative), cancellationToken);
        index.StatusCode.ShouldBe(HttpStatusCode.OK);
        index.Content.Headers.ContentType?.MediaType.ShouldBe("text/html");
        var html = await index.Content.ReadAsStringAsync(cancellationToken);
        html.ShouldBe(await File.ReadAllTextAsync(Path.Combine(BuildInfo.RepositoryRoot, "FaceAspire.Web", "wwwroot", "index.html"), cancellationToken));
        var script = ModuleScript().Match(html);
        script.Success.ShouldBeTrue(html);
        var bundle = await http.GetAsync(new Uri(script.Groups["src"].Value, UriKind.Relative), cancellationToken);
        bundle.StatusCode.ShouldBe(HttpStatusCode.OK);
        bundle.Content.Headers.ContentType?.MediaType.ShouldBe("text/javascript");

        var credentials = new { email = $"smoke-{Guid.NewGuid():N}@example.com", password = $"smoke test passphrase {Guid.NewGuid():N}" };
        var register = await http.PostAsJsonAsync(new Uri("/api/auth/register", UriKind.Relative), credentials, cancellationToken);
        register.StatusCode.ShouldBe(HttpStatusCode.Created, await register.Content.ReadAsStringAsync(cancellationToken));
        var login = await http.PostAsJsonAsync(new Uri("/api/auth/login", UriKind.Relative), credentials, cancellationToken);
        login.StatusCode.ShouldBe(HttpStatusCode.OK, await login.Content.ReadAsStringAsync(cancellationToken));
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("accessToken").GetString();
        token.ShouldNotBeNullOrEmpty();

        (await http.GetAsync(new Uri("/api/me", UriKind.Relative), cancellationToken)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        using var me = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/me", UriKind.Relative));
        me.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var answer = await http.SendAsync(me, cancellationToken);
        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await answer.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("email").GetString().ShouldBe(credentials.email);
    }

    /// <summary>The printed inbox URL opens MailDev's web inbox (it answers a browser, which asks for HTML).</summary>
    private static async Task ServesTheMailInboxAsync(HttpClient http, Uri inbox, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, inbox);
        request.Headers.Accept.ParseAdd("text/html");
        var answer = await http.SendAsync(request, cancellationToken);
        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await answer.Content.ReadAsStringAsync(cancellationToken)).ShouldContain("<title>MailDev</title>");
    }

    /// <summary>
    /// Adds every process now below the AppHost and the PostgreSQL server with its backends (pg_ctl detaches the
    /// server, so it is not below the AppHost) to <see cref="_started"/>; returns those below the AppHost.
    /// </summary>
    private List<int> RecordStartedProcesses()
    {
        var below = ProcessInfo.Descendants(_appHost!.Id).ToList();
        var postgres = Postmaster() is { } postmaster ? [postmaster, .. ProcessInfo.Descendants(postmaster)] : new List<int>();
        _started.AddRange(below.Concat(postgres).Except(_started));
        return below;
    }

    /// <summary>The PostgreSQL server process of the AppHost's cluster, from its <c>postmaster.pid</c>, while it runs.</summary>
    private int? Postmaster()
    {
        try
        {
            var firstLine = File.ReadLines(Path.Combine(_postgresDirectory!, "data", "postmaster.pid")).FirstOrDefault();
            return int.TryParse(firstLine, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && ProcessInfo.IsRunning(pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The recorded processes still running once they have had a moment to be reaped.</summary>
    private async Task<List<int>> SurvivorsAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (_started.Where(ProcessInfo.IsRunning).Any() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        return [.. _started.Where(ProcessInfo.IsRunning)];
    }

    private static void Kill(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static void DeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Never created.
        }
        catch (IOException)
        {
            // A process that was just killed may still hold a file.
        }
    }

    [GeneratedRegex(@"^FaceAspire is running at (?<url>http://localhost:\d+)$")]
    private static partial Regex RunningLine();

    [GeneratedRegex(@"^Mail inbox at (?<url>http://\S+)$")]
    private static partial Regex MailInboxLine();

    [GeneratedRegex(@"^\[postgres\] PostgreSQL listening on 127\.0\.0\.1:\d+, data in (?<data>.+)$")]
    private static partial Regex PostgresLine();

    [GeneratedRegex("<script type=\"module\"[^>]* src=\"(?<src>/assets/[^\"]+\\.js)\"")]
    private static partial Regex ModuleScript();
}
