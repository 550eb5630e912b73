using System.Data.Common;
using FaceAspire.Api.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace FaceAspire.Api.Tests.Privacy;

/// <summary>
/// The local-folder API with a two-day retention of originals, and a switch that makes the database connection of
/// an account deletion die at its commit (the backend is terminated, as when PostgreSQL goes away).
/// </summary>
public sealed class PrivacyFactory(PostgresFixture postgres) : ApiFactory(postgres)
{
    public ConnectionKiller KillAccountDeletion { get; } = new();

    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Privacy:OriginalRetentionDays"] = "2";
        return settings;
    }

    protected override void ConfigureTestServices(IServiceCollection services) =>
        services.AddSingleton<IInterceptor>(KillAccountDeletion);
}

/// <summary>When armed, terminates the connection's own backend just before an account deletion is saved.</summary>
public sealed class ConnectionKiller : SaveChangesInterceptor
{
    public bool Armed { get; set; }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        var context = eventData.Context!;
        if (Armed && context.ChangeTracker.Entries<AccountDeletionRecord>().Any())
        {
            DbConnection connection = context.Database.GetDbConnection();
            await using var command = connection.CreateCommand();
            command.Transaction = context.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = "SELECT pg_terminate_backend(pg_backend_pid())";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return await base.SavingChangesAsync(eventData, result, cancellationToken);
    }
}
