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
    ILogger<ObjectDeletionService> logger) : BackgroundLoop(logger, time)
{
    private const int BatchSize = 20;

    /// <summary>Deletes the objects of every due row once; returns how many rows were completed. Public so tests can drive it.</summary>
    public async Task<int> DeleteDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>();
        var deleter = scope.ServiceProvider.GetRequiredService<ObjectDeleter>();
        var now = Time.GetUtcNow();
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

    protected override string Name => "Object deletion service";

    protected override TimeSpan PollInterval => options.Value.PollInterval;

    /// <summary>A full batch went through: there may be more due at once.</summary>
    protected override async Task<bool> RunPassAsync(CancellationToken cancellationToken) =>
        await DeleteDueAsync(cancellationToken) == BatchSize;
}
