using System.Security.Cryptography;
using FaceAspire.Hosting;
using FaceAspire.Hosting.Orchestration;
using FaceAspire.ServiceDefaults;
using Microsoft.Playwright;

namespace FaceAspire.Web.Tests.Infrastructure;

/// <summary>
/// The whole product for the browser: a private PostgreSQL cluster, the API's <c>migrate</c> command, the API and
/// the web front end as real processes on free ports, configured with the variables the app host would set, and a
/// headless system Chromium. Started once per test run; everything lives in a temporary folder removed afterwards.
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
    private LocalPostgresServer? _postgres;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private Dictionary<string, string> _apiEnvironment = [];

    /// <summary>Where the front end listens; <c>localhost</c> so the browser treats it as a secure context (Secure cookies).</summary>
    public Uri WebUrl { get; private set; } = null!;

    public Uri ApiUrl { get; private set; } = null!;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The stack has not started.");

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
            _postgres = await LocalPostgresServer.StartAsync(Path.Combine(_root, "postgres"), cancellationToken: cancellationToken);
            await _postgres.EnsureDatabaseAsync(ResourceNames.Database, cancellationToken);

            var apiEnvironment = ApiEnvironment(_postgres.ConnectionString(ResourceNames.Database));
            _apiEnvironment = new Dictionary<string, string>(apiEnvironment, StringComparer.Ordinal);
            await MigrateAsync(apiEnvironment, output, cancellationToken);

            ApiUrl = new Uri($"http://127.0.0.1:{LocalPostgresServer.FreeTcpPort()}");
            await StartAsync(ResourceNames.Api, "FaceAspire.Api", ApiUrl, apiEnvironment, output, cancellationToken);

            WebUrl = new Uri($"http://localhost:{LocalPostgresServer.FreeTcpPort()}");
            var webEnvironment = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                [$"services__{ResourceNames.Api}__http__0"] = ApiUrl.ToString().TrimEnd('/'),
            };
            await StartAsync(ResourceNames.Web, "FaceAspire.Web", WebUrl, webEnvironment, output, cancellationToken);

            _playwright = await Playwright.CreateAsync();
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath(),
                Headless = true,
                Args = ChromiumArguments,
            });
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException($"The stack did not start: {ex.Message}\n{ServiceLog}", ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        foreach (var service in Enumerable.Reverse(_services))
        {
            await service.DisposeAsync();
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a dying process; the temp folder is cleaned by the system later.
        }
    }

    /// <summary>Creates an administrator with the API's own <c>create-admin</c> command, as an operator would.</summary>
    public async Task CreateAdminAsync(string email, string password)
    {
        var environment = new Dictionary<string, string>(_apiEnvironment, StringComparer.Ordinal) { ["FACEASPIRE_ADMIN_PASSWORD"] = password };
        var output = new PrefixedOutput(new LockedWriter(_log));
        await using var command = ServiceProcess.Start("create-admin", "FaceAspire.Api", ["create-admin", "--email", email], environment, output);
        var exitCode = await command.Exited.WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
        exitCode.ShouldBe(0, $"create-admin failed:\n{ServiceLog}");
    }

    private Dictionary<string, string> ApiEnvironment(string connectionString) => new(StringComparer.Ordinal)
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
    };

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
        _services.Add(service);
        await service.WaitUntilHealthyAsync(url, cancellationToken);
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
