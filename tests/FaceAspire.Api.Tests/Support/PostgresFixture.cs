using FaceAspire.TestSupport;

namespace FaceAspire.Api.Tests.Support;

/// <summary>
/// A real PostgreSQL for the whole test run: the server named by <c>ConnectionStrings__facedb</c> when set, otherwise
/// a private cluster started from the local PostgreSQL binaries in a temporary folder.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private const string DatabaseName = "facedb_api_tests";
    private readonly string _stateDirectory = Path.Combine(Path.GetTempPath(), $"faceaspire-api-tests-{Guid.NewGuid():N}");

    /// <summary>The server this fixture started; null when an external one is used.</summary>
    public LocalPostgresServer? Server { get; private set; }

    public string ConnectionString { get; private set; } = string.Empty;

    public async ValueTask InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable("ConnectionStrings__facedb");
        if (!string.IsNullOrWhiteSpace(external))
        {
            ConnectionString = external;
            return;
        }

        Server = await LocalPostgresServer.StartAsync(_stateDirectory);
        await Server.EnsureDatabaseAsync(DatabaseName);
        ConnectionString = Server.ConnectionString(DatabaseName);
    }

    public async ValueTask DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
            try
            {
                Directory.Delete(_stateDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
            catch (UnauthorizedAccessException)
            {
                // Files owned by the postgres user may not be ours to delete.
            }
        }
    }
}
