using System.Globalization;
using System.Security.Cryptography;
using FaceAspire.Hosting;
using FaceAspire.Hosting.Orchestration;
using FaceAspire.ServiceDefaults;
using Microsoft.Playwright;

namespace FaceAspire.Web.Tests.Infrastructure;

/// <summary>
/// The whole product for the browser: a private PostgreSQL cluster, MailDev, the API's <c>migrate</c> command, the
/// alert function, the API and the web front end as real processes on free ports, configured with the variables the
/// app host would set (an administrator bootstrapped from configuration, alerts delivered to the function, which
/// emails them through MailDev), and a headless system Chromium. Started once per test run; independent parts start
/// side by side; everything lives in a temporary folder removed afterwards, also when the start fails.
/// </summary>
public sealed class AppStack : IAsyncLifetime
{
    private static readonly string[] ChromiumArguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private readonly string _root = Path.Combine(Path.GetTempPath(), $"faceaspire-web-tests-{Guid.NewGuid():N}");
    private readonly StringWriter _log = new();
    private readonly List<ServiceProcess> _services = [];
    private readonly string _alertFunctionKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private LocalPostgresServer? _postgres;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private MailDevInbox? _mail;
    private Dictionary<string, string> _apiEnvironment = [];

    /// <summary>Where the front end listens; <c>localhost</c> so the browser treats it as a secure context (Secure cookies).</summary>
    public Uri WebUrl { get; private set; } = null!;

    public Uri ApiUrl { get; private set; } = null!;

    /// <summary>The administrator the API creates at start from <c>Admin__Email</c> and <c>Admin__Password</c>.</summary>
    public string AdminEmail { get; } = $"admin-{Guid.NewGuid():N}@example.com";

    public string AdminPassword { get; } = $"bootstrap-{Guid.NewGuid():N}";

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The stack has not started.");

    /// <summary>MailDev's inbox: the alert emails the alert function sent.</summary>
    public MailDevInbox Mail => _mail ?? throw new InvalidOperationException("The stack has not started.");

    /// <summary>Everything the services printed so far, for failure messages.</summary>
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

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        Directory.CreateDirectory(_root);
        var output = new PrefixedOutput(new LockedWriter(_log));
        try
        {
            // The steps wait for what they need, as the app host's WaitFor does; what needs nothing of the other starts beside it.
            var smtpPort = LocalPostgresServer.FreeTcpPort();
            var mailUrl = new Uri($"http://127.0.0.1:{LocalPostgresServer.FreeTcpPort()}");
            await Task.WhenAll(StartPostgresAsync(cancellationToken), StartMailDevAsync(mailUrl, smtpPort, output, cancellationToken));
            _mail = new MailDevInbox(mailUrl);
            var connectionString = _postgres!.ConnectionString(ResourceNames.Database);

            var alertFunctionUrl = new Uri($"http://127.0.0.1:{LocalPostgresServer.FreeTcpPort()}");
            ApiUrl = new Uri($"http://127.0.0.1:{LocalPostgresServer.FreeTcpPort()}");
            WebUrl = new Uri($"http://localhost:{LocalPostgresServer.FreeTcpPort()}");
            var apiEnvironment = ApiEnvironment(connectionString, alertFunctionUrl);
            _apiEnvironment = new Dictionary<string, string>(apiEnvironment, StringComparer.Ordinal);
            var alertFunctionEnvironment = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                [$"ConnectionStrings__{ResourceNames.Database}"] = connectionString,
                [$"ConnectionStrings__{ResourceNames.Mail}"] = $"smtp://127.0.0.1:{smtpPort}",
                ["AlertFunction__ApiKey"] = _alertFunctionKey,
            };
            await Task.WhenAll(
                MigrateAsync(apiEnvironment, output, cancellationToken),
                StartAsync(ResourceNames.AlertFunction, "FaceAspire.AlertFunction", alertFunctionUrl, alertFunctionEnvironment, output, cancellationToken));

            var webEnvironment = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                [$"services__{ResourceNames.Api}__http__0"] = ApiUrl.ToString().TrimEnd('/'),
            };
            await Task.WhenAll(
                StartAsync(ResourceNames.Api, "FaceAspire.Api", ApiUrl, apiEnvironment, output, cancellationToken),
                StartAsync(ResourceNames.Web, "FaceAspire.Web", WebUrl, webEnvironment, output, cancellationToken),
                LaunchBrowserAsync());
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
        var environment = new Dictionary<string, string>(_apiEnvironment, StringComparer.Ordinal) { ["FACEASPIRE_ADMIN_PASSWORD"] = password };
        var output = new PrefixedOutput(new LockedWriter(_log));
        await using var command = ServiceProcess.Start("create-admin", "FaceAspire.Api", ["create-admin", "--email", email], environment, output);
        var exitCode = await command.Exited.WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
        exitCode.ShouldBe(0, $"create-admin failed:\n{ServiceLog}");
    }

    private Dictionary<string, string> ApiEnvironment(string connectionString, Uri alertFunctionUrl) => new(StringComparer.Ordinal)
    {
        // Testing allows a low BCrypt work factor, keeping sign-ups fast without weakening other environments.
        ["ASPNETCORE_ENVIRONMENT"] = "Testing",
        [$"ConnectionStrings__{ResourceNames.Database}"] = connectionString,
        ["Jwt__SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["Storage__Provider"] = "Local",
        ["Storage__Local__RootPath"] = Path.Combine(_root, "storage"),
        ["Accounts__BcryptWorkFactor"] = "4",
        // Uploads wake the worker directly; a short poll only matters for retries.
        ["Analysis__PollInterval"] = "00:00:00.500",
        // A person appears from two faces (the product needs three), so a two-photo journey shows one.
        ["Faces__MinFacesPerPerson"] = "2",
        ["Faces__ClusteringPollInterval"] = "00:00:00.500",
        ["Admin__Email"] = AdminEmail,
        ["Admin__Password"] = AdminPassword,
        // Alerts go to the alert function (service discovery, as WithReference provides it) with the shared key,
        // and their review links point at the web front end.
        [$"services__{ResourceNames.AlertFunction}__http__0"] = alertFunctionUrl.ToString().TrimEnd('/'),
        ["AlertFunction__ApiKey"] = _alertFunctionKey,
        ["App__PublicBaseUrl"] = WebUrl.ToString().TrimEnd('/'),
    };

    private async Task StartPostgresAsync(CancellationToken cancellationToken)
    {
        _postgres = await LocalPostgresServer.StartAsync(Path.Combine(_root, "postgres"), cancellationToken: cancellationToken);
        await _postgres.EnsureDatabaseAsync(ResourceNames.Database, cancellationToken);
    }

    /// <summary>MailDev as the app host's <c>AddMailDev</c> runs it, keeping its messages in the stack's folder.</summary>
    private async Task StartMailDevAsync(Uri webUrl, int smtpPort, PrefixedOutput output, CancellationToken cancellationToken)
    {
        var script = Path.Combine(BuildInfo.RepositoryRoot, "node_modules", MailDevBuilderExtensions.ScriptInNodeModules);
        string[] arguments =
        [
            "--smtp", smtpPort.ToString(CultureInfo.InvariantCulture), "--ip", "127.0.0.1",
            "--web", webUrl.Port.ToString(CultureInfo.InvariantCulture), "--web-ip", "127.0.0.1",
            "--mail-directory", Path.Combine(_root, "mail"),
        ];
        var mailDev = ServiceProcess.StartNode(ResourceNames.Mail, script, arguments, output);
        Track(mailDev);
        await mailDev.WaitUntilHealthyAsync(new Uri(webUrl, "/api/healthz"), cancellationToken);
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

    /// <summary>Stops everything that started, newest first, and removes the folder; safe to call more than once.</summary>
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
        ServiceProcess[] services;
        lock (_services)
        {
            services = [.. Enumerable.Reverse(_services)];
            _services.Clear();
        }

        foreach (var service in services)
        {
            await service.DisposeAsync();
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
            _postgres = null;
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

    private void Track(ServiceProcess service)
    {
        lock (_services)
        {
            _services.Add(service);
        }
    }

    private async Task MigrateAsync(Dictionary<string, string> environment, PrefixedOutput output, CancellationToken cancellationToken)
    {
        await using var migrations = ServiceProcess.Start(ResourceNames.Migrations, "FaceAspire.Api", ["migrate"], environment, output);
        var exitCode = await migrations.Exited.WaitAsync(TimeSpan.FromMinutes(2), cancellationToken);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"migrate exited with code {exitCode}.");
        }
    }

    private async Task StartAsync(
        string name, string projectName, Uri url, Dictionary<string, string> environment, PrefixedOutput output, CancellationToken cancellationToken)
    {
        environment["ASPNETCORE_URLS"] = url.ToString().TrimEnd('/');
        var service = ServiceProcess.Start(name, projectName, [], environment, output);
        Track(service);
        await service.WaitUntilHealthyAsync(new Uri(url, "/health"), cancellationToken);
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

    /// <summary>Serialises writes from the services' output threads with reads of <see cref="ServiceLog"/>.</summary>
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
