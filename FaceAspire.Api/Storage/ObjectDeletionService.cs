using FaceAspire.Api.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FaceAspire.Api.Storage;

/// <summary>
/// Works off the deletion outbox: each due row is claimed (its next attempt pushed out, with <c>SKIP LOCKED</c> so two
/// instances never take one row at once) and its objects deleted; completed rows are removed, others are retried with
/// exponential back-off, without an attempt limit. Deleting is idempotent, so a row done twice (a claim that expired
/// mid-way) does no harm.
/// </summary>
public sealed partial class ObjectDeletionService(
    IServiceScopeFactory scopes,
    IOptions<ObjectDeletionOptions> options,
    TimeProvider time,
    ILogger<ObjectDeletionService> logger) : BackgroundService
{
    private const int BatchSize = 20;

    /// <summary>Deletes the objects of every due row once; returns how many rows were completed. Public so tests can drive it.</summary>
    public async Task<int> DeleteDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>();
        var deleter = scope.ServiceProvider.GetRequiredService<ObjectDeleter>();
        var now = time.GetUtcNow();
        var claimedUntil = now + ObjectDeleter.ClaimDuration;
        var due = await db.Database.SqlQuery<ClaimedDeletion>($"""
            UPDATE object_deletions AS o SET "NextAttemptAt" = {claimedUntil}
            WHERE o."Id" IN (
                SELECT d."Id" FROM object_deletions AS d
                WHERE d."NextAttemptAt" <= {now}
                ORDER BY d."NextAttemptAt"
                LIMIT {BatchSize}
                FOR UPDATE SKIP LOCKED)
            RETURNING o."Id", o."Key", o."Attempts"
            """).ToListAsync(cancellationToken);
        return due.Count == 0 ? 0 : await deleter.DeleteClaimedAsync(due, cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var completed = 0;
            try
            {
                completed = await DeleteDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Typically the database is unreachable; the rows stay in the outbox for the next round.
                LogDeletionFailed(logger, ex);
            }

            if (completed == BatchSize)
            {
                // A full batch went through: there may be more due at once.
                continue;
            }

            try
            {
                await Task.Delay(options.Value.PollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The object deletion service could not read the outbox")]
    private static partial void LogDeletionFailed(ILogger logger, Exception exception);
}
