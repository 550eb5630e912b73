using FaceAspire.AppHost.Tests.Support;
using Npgsql;

namespace FaceAspire.AppHost.Tests;

/// <summary>A real PostgreSQL cluster started, used and stopped through the resource model.</summary>
public sealed class PostgresResourceTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly CapturedOutput _output = new();

    [Fact]
    public async Task Server_starts_creates_the_database_hands_its_connection_string_to_dependants_and_stops()
    {
        var builder = new DistributedApplicationBuilder(new DistributedApplicationOptions { Output = _output });
        var postgres = builder.AddPostgres("postgres", Path.Combine(_temp.Path, "postgres"));
        var facedb = postgres.AddDatabase("facedb");
        var received = _temp.File("connection-string");
        var step = builder.AddExecutable("migrations", "sh", _temp.Path, "-c", $"printf %s \"$ConnectionStrings__facedb\" > '{received}'")
            .WithReference(facedb)
            .WaitFor(facedb);
        builder.AddExecutable("api", "sleep", _temp.Path, "300").WaitForCompletion(step);
        await using var app = builder.Build();

        await app.StartAsync(TestContext.Current.CancellationToken);

        var connectionString = await File.ReadAllTextAsync(received, TestContext.Current.CancellationToken);
        connectionString.ShouldBe(facedb.Resource.GetConnectionString());
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var query = new NpgsqlCommand("SELECT current_database()", connection);
            (await query.ExecuteScalarAsync(TestContext.Current.CancellationToken)).ShouldBe("facedb");
        }

        await app.StopAsync();

        _output.Lines().ShouldContain("[postgres] stopped");
        await using var afterStop = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await Should.ThrowAsync<NpgsqlException>(() => afterStop.OpenAsync(TestContext.Current.CancellationToken));
    }

    public void Dispose()
    {
        _output.Dispose();
        _temp.Dispose();
    }
}
