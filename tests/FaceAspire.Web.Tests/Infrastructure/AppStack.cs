using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using FaceAspire.ServiceDefaults;
using FaceAspire.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace FaceAspire.Web.Tests.Infrastructure;

/// <summary>
/// The whole product for the browser: the real AppHost under Aspire.Hosting.Testing (PostgreSQL, MailDev, the
/// migrations, the alert function, the API and the web front end, with an administrator bootstrapped from the
/// AppHost's settings and alerts e-mailed through MailDev), in the <c>Testing</c> environment, and a headless system
/// Chromium. Started once per test run; its state lives in a temporary folder removed afterwards.
/// </summary>
public sealed class AppStack : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);

    private static readonly string[] ChromiumArguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private readonly string _root = Path.Combine(Path.GetTempPath(), $"faceaspire-web-tests-{Guid.NewGuid():N}");
    private readonly StringWriter _log = new();
    private DistributedApplication? _app;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private MailDevInbox? _mail;

    /// <summary>Where the front end listens; <c>localhost</c> so the browser treats it as a secure context (Secure cookies).</summary>
    public Uri WebUrl { get; private set; } = null!;

    /// <summary>The administrator the API creates at start from the AppHost's <c>FACEASPIRE_ADMIN_*</c> settings.</summary>
    public string AdminEmail { get; } = $"admin-{Guid.NewGuid():N}@example.com";

    public string AdminPassword { get; } = $"bootstrap-{Guid.NewGuid():N}";

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The stack has not started.");

    /// <summary>MailDev's inbox: the alert emails the alert function sent.</summary>
    public MailDevInbox Mail => _mail ?? throw new InvalidOperationException("The stack has not started.");

    /// <summary>Everything the resources printed so far, for failure messages.</summary>
    public string ServiceLog
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    private string StateDirectory => Path.Combine(_root, "state");

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        Directory.CreateDirectory(_root);
        try
        {
            var port = LocalPostgresServer.FreeTcpPort();
            WebUrl = new Uri($"http://localhost:{port}");
            var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.FaceAspire_AppHost>(
                [
                    $"FACEASPIRE_STATE_DIR={StateDirectory}",
                    $"FACEASPIRE_PORT={port.ToString(CultureInfo.InvariantCulture)}",
                    $"FACEASPIRE_ADMIN_EMAIL={AdminEmail}",
                    $"FACEASPIRE_ADMIN_PASSWORD={AdminPassword}",
                ],
                (_, host) => host.EnvironmentName = "Testing",
                cancellationToken);
            builder.CreateResourceBuilder<ProjectResource>(ResourceNames.Api)
                // Testing allows a low BCrypt work factor, keeping sign-ups fast without weakening other environments.
                .WithEnvironment("Accounts__BcryptWorkFactor", "4")
                // Uploads wake the worker directly; a short poll only matters for retries.
                .WithEnvironment("Analysis__PollInterval", "00:00:00.500")
                // A person appears from two faces (the product needs three), so a two-photo journey shows one.
                .WithEnvironment("Faces__MinFacesPerPerson", "2")
                .WithEnvironment("Faces__ClusteringPollInterval", "00:00:00.500");
            builder.Services.AddLogging(logging => logging.AddProvider(new ResourceLog(_log)));

            _app = await builder.BuildAsync(cancellationToken);
            await _app.StartAsync(cancellationToken).WaitAsync(StartTimeout, cancellationToken);
            await Task.WhenAll(
                _app.ResourceNotifications.WaitForResourceHealthyAsync(ResourceNames.Web, cancellationToken).WaitAsync(StartTimeout, cancellationToken),
                LaunchBrowserAsync());
            _mail = new MailDevInbox(_app.GetEndpoint(ResourceNames.Mail, "http"));
        }
        catch (Exception ex)
        {
            var log = ServiceLog;
            await StopAsync();
            throw new InvalidOperationException($"The stack did not start: {ex.Message}\n{log}", ex);
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    /// <summary>Creates an administrator with the API's own <c>create-admin</c> command, as an operator would.</summary>
    public async Task CreateAdminAsync(string email, string password)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            [$"ConnectionStrings__{ResourceNames.Database}"] = (await _app!.GetConnectionStringAsync(ResourceNames.Database, cancellationToken))!,
            ["Jwt__SigningKey"] = (await File.ReadAllTextAsync(Path.Combine(StateDirectory, "jwt-signing-key"), cancellationToken)).Trim(),
            ["Accounts__BcryptWorkFactor"] = "4",
            ["FACEASPIRE_ADMIN_PASSWORD"] = password,
        };
        await using var command = ServiceProcess.Start("create-admin", "FaceAspire.Api", ["create-admin", "--email", email], environment, new PrefixedOutput(new LockedWriter(_log)));
        var exitCode = await command.Exited.WaitAsync(TimeSpan.FromMinutes(1), cancellationToken);
        exitCode.ShouldBe(0, $"create-admin failed:\n{ServiceLog}");
    }

    private async Task LaunchBrowserAsync()
    {
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath(),
            Headless = true,
            Args = ChromiumArguments,
        });
    }

    /// <summary>Stops the browser and the app (Aspire stops every resource), and removes the folder; safe to call more than once.</summary>
    private async Task StopAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
            _browser = null;
        }

        _playwright?.Dispose();
        _playwright = null;
        _mail?.Dispose();
        _mail = null;
        if (_app is not null)
        {
            await _app.DisposeAsync();
            _app = null;
        }

        try
        {
            if (Directory.Exists(_root))
            {
                Directory.Delete(_root, recursive: true);
            }
        }
        catch (IOException)
        {
            // A file still held open by a dying process; the temp folder is cleaned by the system later.
        }
    }

    /// <summary>CHROMIUM_PATH, else the first <c>chromium</c> (Debian's package) on PATH, else the usual install path.</summary>
    private static string ChromiumPath()
    {
        if (Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } configured)
        {
            return File.Exists(configured) ? configured : throw new InvalidOperationException($"CHROMIUM_PATH names {configured}, which does not exist.");
        }

        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "chromium"))
            .Append("/usr/bin/chromium");
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("Chromium was not found: install it (sudo apt-get install -y chromium) or set CHROMIUM_PATH.");
    }

    /// <summary>Keeps what the resources print (Aspire forwards it to loggers named <c>…Resources.{resource}</c>).</summary>
    private sealed class ResourceLog(StringWriter log) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(new LockedWriter(log), categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(TextWriter log, string category) : ILogger
        {
            private readonly bool _resource = category.Contains(".Resources.", StringComparison.Ordinal);

            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => _resource;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (_resource)
                {
                    log.WriteLine(PrefixedOutput.Format(category[(category.LastIndexOf('.') + 1)..], formatter(state, exception)));
                }
            }
        }
    }

    /// <summary>Serialises writes from the resources' log threads with reads of <see cref="ServiceLog"/>.</summary>
    private sealed class LockedWriter(StringWriter inner) : TextWriter
    {
        public override System.Text.Encoding Encoding => inner.Encoding;

        public override void Write(char value)
        {
            lock (inner)
            {
                inner.Write(value);
            }
        }

        public override void WriteLine(string? value)
        {
            lock (inner)
            {
                inner.WriteLine(value);
            }
        }
    }
}
