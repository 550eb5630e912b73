using FaceAspire.TestSupport;
using Npgsql;

[assembly: AssemblyFixture(typeof(PostgresFixture))]

namespace FaceAspire.AlertFunction.Tests.Support;

/// <summary>One private PostgreSQL cluster for the whole test run; every test uses its own alert ids.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private const string DatabaseName = "facedb_alerts";
    private readonly string _stateDirectory = Path.Combine(Path.GetTempPath(), $"faceaspire-alert-tests-{Guid.NewGuid():N}");
    private LocalPostgresServer? _server;

    /// <summary>Connection string of the test database (<c>ConnectionStrings:facedb</c>).</summary>
    public string ConnectionString => _server?.ConnectionString(DatabaseName) ?? throw new InvalidOperationException("Not started.");

    public async ValueTask InitializeAsync()
    {
        _server = await LocalPostgresServer.StartAsync(_stateDirectory);
        await _server.EnsureDatabaseAsync(DatabaseName);
        // The API's table of accounts, with the two columns the function reads (the API's migrations own the rest).
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """CREATE TABLE IF NOT EXISTS users ("Id" uuid PRIMARY KEY, "Email" varchar(320) NOT NULL UNIQUE)""", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>An account with a fresh address, as the API's registration stores it; returns its id and address.</summary>
    public async Task<(Guid Id, string Email)> AddAccountAsync()
    {
        var account = (Id: Guid.NewGuid(), Email: $"owner-{Guid.NewGuid():N}@faceaspire.test");
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""INSERT INTO users ("Id", "Email") VALUES (@id, @email)""", connection);
        command.Parameters.AddWithValue("id", account.Id);
        command.Parameters.AddWithValue("email", account.Email);
        await command.ExecuteNonQueryAsync();
        return account;
    }

    /// <summary>The delivery record of <paramref name="alertId"/>, or null when the function never recorded it.</summary>
    public async Task<DeliveryRow?> FindDeliveryAsync(Guid alertId)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT status, delivered_to, lease_token IS NOT NULL, attempts, last_error FROM alert_deliveries WHERE alert_id = @id", connection);
        command.Parameters.AddWithValue("id", alertId);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync()
            ? new DeliveryRow(reader.GetString(0), reader.GetFieldValue<string[]>(1), reader.GetBoolean(2), reader.GetInt32(3), reader.IsDBNull(4) ? null : reader.GetString(4))
            : null;
    }

    /// <summary>Runs <paramref name="sql"/> with <c>@id</c> bound to <paramref name="alertId"/> (to stage a crashed delivery).</summary>
    public async Task ExecuteAsync(string sql, Guid alertId)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", alertId);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

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
        }
    }
}

/// <summary>A row of <c>alert_deliveries</c> as the tests read it.</summary>
public sealed record DeliveryRow(string Status, string[] DeliveredTo, bool LeaseHeld, int Attempts, string? LastError);
