using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using FaceAspire.ServiceDefaults;

namespace FaceAspire.Api.Infrastructure;

/// <summary>Applies pending EF Core migrations, retrying while the database server is still starting.</summary>
internal sealed partial class MigrationRunner(
    IServiceScopeFactory scopes,
    IOptions<DatabaseOptions> options,
    ILogger<MigrationRunner> logger)
{
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>();
                var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
                await db.Database.MigrateAsync(cancellationToken);
                LogApplied(logger, pending.Count, string.Join(", ", pending));
                return;
            }
            catch (Exception ex) when (attempt < settings.MigrationAttempts && DatabaseAvailability.IsUnavailable(ex))
            {
                LogRetry(logger, ex, attempt, settings.MigrationAttempts);
                await Task.Delay(settings.MigrationRetryDelay, cancellationToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database migrated: {Count} migration(s) applied [{Names}]")]
    private static partial void LogApplied(ILogger logger, int count, string names);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database not reachable (attempt {Attempt} of {Attempts}); retrying")]
    private static partial void LogRetry(ILogger logger, Exception ex, int attempt, int attempts);
}
