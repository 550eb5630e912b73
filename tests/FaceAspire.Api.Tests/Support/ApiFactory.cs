using System.Security.Cryptography;
using FaceAspire.Api.Infrastructure;
using FaceAspire.Api.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace FaceAspire.Api.Tests.Support;

/// <summary>
/// The real API over TestServer against the real PostgreSQL of <see cref="PostgresFixture"/>, with migrations applied.
/// Subclasses change settings or services for one group of tests.
/// </summary>
public class ApiFactory(PostgresFixture postgres) : WebApplicationFactory<Program>, IAsyncLifetime
{
    /// <summary>A password that satisfies the policy.</summary>
    public const string GoodPassword = "correct horse battery staple 42";

    public PostgresFixture Postgres { get; } = postgres;

    /// <summary>Imported ONNX models, kept between runs (the engine keys them by model and importer version).</summary>
    public static string ModelCache { get; } = Path.Combine(Path.GetTempPath(), "faceaspire-api-models");

    public string SigningKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));

    public string StorageRoot { get; } = Path.Combine(Path.GetTempPath(), $"faceaspire-api-storage-{Guid.NewGuid():N}");

    public virtual async ValueTask InitializeAsync() =>
        await Services.GetRequiredService<MigrationRunner>().MigrateAsync(TestContext.Current.CancellationToken);

    /// <summary>Empties every table except the migrations history, and the object store.</summary>
    public async Task ResetAsync()
    {
        await using (var connection = new NpgsqlConnection(Postgres.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                """
                DO $$ DECLARE tables text;
                BEGIN
                  SELECT string_agg(format('%I.%I', schemaname, tablename), ', ') INTO tables
                  FROM pg_tables WHERE schemaname = 'public' AND tablename <> '__ef_migrations_history';
                  IF tables IS NOT NULL THEN EXECUTE 'TRUNCATE ' || tables || ' RESTART IDENTITY CASCADE'; END IF;
                END $$;
                """,
                connection);
            // The previous test's background services (workers, clustering) may still hold row locks; a TRUNCATE
            // that deadlocks with one of them is simply run again.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await command.ExecuteNonQueryAsync();
                    break;
                }
                catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DeadlockDetected && attempt < 5)
                {
                    await Task.Delay(100 * attempt);
                }
            }
        }

        if (!StorageReachable)
        {
            return;
        }

        var store = Services.GetRequiredService<IObjectStore>();
        foreach (var key in await StoredKeysAsync())
        {
            await store.DeleteAsync(key, CancellationToken.None);
        }
    }

    /// <summary>False for factories whose object store is down on purpose: resetting then leaves storage alone.</summary>
    protected virtual bool StorageReachable => true;

    /// <summary>Every key in the object store.</summary>
    public async Task<List<string>> StoredKeysAsync()
    {
        var keys = new List<string>();
        await foreach (var key in Services.GetRequiredService<IObjectStore>().ListAsync(string.Empty, CancellationToken.None))
        {
            keys.Add(key);
        }

        return keys;
    }

    /// <summary>An HTTPS client (the refresh cookie is Secure) with its own cookie jar.</summary>
    public HttpClient CreateApiClient() => CreateClient(new WebApplicationFactoryClientOptions
    {
        BaseAddress = new Uri("https://localhost"),
        AllowAutoRedirect = false,
        HandleCookies = true,
    });

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(StorageRoot))
        {
            Directory.Delete(StorageRoot, recursive: true);
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Configuration of the API under test; subclasses add or replace entries.</summary>
    protected virtual Dictionary<string, string?> Settings() => new()
    {
        ["ConnectionStrings:facedb"] = Postgres.ConnectionString,
        ["Jwt:SigningKey"] = SigningKey,
        // 2^4 rounds keeps the suite fast; the production minimum of 12 is enforced outside Development and Testing.
        ["Accounts:BcryptWorkFactor"] = "4",
        ["Accounts:SignInThrottle:FreeFailures"] = "1000",
        ["Accounts:SignInThrottle:AccountFreeFailures"] = "1000",
        ["Accounts:SignInThrottle:PerClientLimit"] = "1000",
        // Every test request comes from one client address; the rate limit tests set their own limits.
        ["RateLimits:Register:PerClient"] = "0",
        ["RateLimits:SignIn:PerClient"] = "0",
        ["RateLimits:Uploads:PerUser"] = "0",
        ["RateLimits:Uploads:PerClient"] = "0",
        ["RateLimits:Searches:PerUser"] = "0",
        ["RateLimits:Searches:PerClient"] = "0",
        ["RateLimits:Rekognition:PerUser"] = "0",
        ["RateLimits:Rekognition:PerClient"] = "0",
        ["Storage:Provider"] = "Local",
        ["Storage:Local:RootPath"] = StorageRoot,
        ["Database:RetryAfterSeconds"] = "7",
        // Background work is off unless a test group turns it on, so that the other tests stay fast and deterministic.
        ["Analysis:Workers"] = "0",
        ["Analysis:ModelCachePath"] = ModelCache,
        ["Alerts:DispatcherEnabled"] = "false",
        ["Storage:Deletions:ServiceEnabled"] = "false",
        ["Privacy:UpkeepEnabled"] = "false",
        ["Logging:LogLevel:Default"] = "Warning",
    };

    /// <summary>The host environment the API runs in, set once (Testing allows the low BCrypt work factor above).</summary>
    protected virtual string HostEnvironment => "Testing";

    /// <summary>Replaces services for a group of tests.</summary>
    protected virtual void ConfigureTestServices(IServiceCollection services)
    {
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(HostEnvironment);
        foreach (var (key, value) in Settings())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(ConfigureTestServices);
    }
}
