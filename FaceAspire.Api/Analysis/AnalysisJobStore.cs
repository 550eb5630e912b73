using FaceAspire.Api.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FaceAspire.Api.Analysis;

/// <summary>A job a worker holds: the photo, which attempt this is, and the token that proves the claim.</summary>
public sealed record ClaimedJob(Guid PhotoId, int Attempt, Guid LeaseToken, string? TraceParent = null);

/// <summary>
/// The queue operations on <c>analysis_jobs</c>. Claims use <c>FOR UPDATE SKIP LOCKED</c>, so any number of workers
/// on any number of instances take distinct jobs without waiting on each other; every later write names the lease
/// token, so a worker that lost its lease (it stalled past <see cref="AnalysisOptions.LeaseDuration"/> and the job
/// was claimed again) can no longer change the job.
/// </summary>
public sealed class AnalysisJobStore(FaceAspireDbContext db, IOptions<AnalysisOptions> options, TimeProvider time)
{
    public const string AbandonedError = "The analysis did not finish after several attempts. Request a new analysis to try again.";

    /// <summary>
    /// Claims a due job, or returns null when there is none. Owners take turns: the job comes from the owner whose most
    /// recent claim is the oldest (an owner never served comes first), and within an owner the oldest job. So one user's
    /// thousand queued photos delay another user's single photo by at most the jobs already running, one per worker.
    /// </summary>
    public async Task<ClaimedJob?> ClaimAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        await FailAbandonedAsync(cancellationToken);

        var token = Guid.NewGuid();
        var leaseUntil = now + settings.LeaseDuration;
        var claimed = await db.Database.SqlQuery<ClaimRow>($"""
            UPDATE analysis_jobs AS j
            SET "Status" = 'running', "Attempts" = j."Attempts" + 1, "LeaseToken" = {token}, "LeaseUntil" = {leaseUntil},
                "StartedAt" = {now}, "Error" = NULL
            WHERE j."PhotoId" = (
                WITH served AS (
                    SELECT sp."OwnerId", max(s."StartedAt") AS "LastStarted"
                    FROM analysis_jobs AS s JOIN photos AS sp ON sp."Id" = s."PhotoId"
                    WHERE s."StartedAt" IS NOT NULL AND sp."OwnerId" IN (
                        SELECT dp."OwnerId" FROM analysis_jobs AS d JOIN photos AS dp ON dp."Id" = d."PhotoId"
                        WHERE (d."Status" = 'pending' AND d."AvailableAt" <= {now})
                           OR (d."Status" = 'running' AND d."LeaseUntil" < {now}))
                    GROUP BY sp."OwnerId")
                SELECT c."PhotoId" FROM analysis_jobs AS c
                JOIN photos AS p ON p."Id" = c."PhotoId"
                LEFT JOIN served ON served."OwnerId" = p."OwnerId"
                -- On the locked row itself, so that a row another worker claimed meanwhile is re-checked and passed over.
                WHERE (c."Status" = 'pending' AND c."AvailableAt" <= {now})
                   OR (c."Status" = 'running' AND c."LeaseUntil" < {now})
                ORDER BY served."LastStarted" NULLS FIRST, c."AvailableAt", c."RequestedAt"
                LIMIT 1
                FOR UPDATE OF c SKIP LOCKED)
            RETURNING j."PhotoId", j."Attempts", j."TraceParent"
            """).ToListAsync(cancellationToken);
        return claimed is [var row] ? new ClaimedJob(row.PhotoId, row.Attempts, token, row.TraceParent) : null;
    }

    /// <summary>A job abandoned on its last attempt is not claimed again: it is failed with a reason the owner can read.</summary>
    public async Task FailAbandonedAsync(CancellationToken cancellationToken)
    {
        var maxAttempts = options.Value.MaxAttempts;
        var now = time.GetUtcNow();
        await db.AnalysisJobs
            .Where(j => j.Status == AnalysisStatus.Running && j.LeaseUntil < now && j.Attempts >= maxAttempts)
            .ExecuteUpdateAsync(
                set => set.SetProperty(j => j.Status, AnalysisStatus.Failed)
                    .SetProperty(j => j.Error, AbandonedError)
                    .SetProperty(j => j.CompletedAt, now)
                    .SetProperty(j => j.LeaseToken, (Guid?)null),
                cancellationToken);
    }

    /// <summary>
    /// Records a failed attempt: back to the queue after <paramref name="retryAfter"/> (by default the back-off), or
    /// failed for good. False if the lease was lost.
    /// </summary>
    public async Task<bool> FailAsync(ClaimedJob job, string error, bool retry, CancellationToken cancellationToken, TimeSpan? retryAfter = null)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var owned = db.AnalysisJobs.Where(j => j.PhotoId == job.PhotoId && j.LeaseToken == job.LeaseToken);
        if (retry && job.Attempt < settings.MaxAttempts)
        {
            var delay = retryAfter ?? RetryBackoff.After(job.Attempt, settings.RetryDelay, TimeSpan.MaxValue);
            return await owned.ExecuteUpdateAsync(
                set => set.SetProperty(j => j.Status, AnalysisStatus.Pending)
                    .SetProperty(j => j.AvailableAt, now + delay)
                    .SetProperty(j => j.LeaseToken, (Guid?)null)
                    .SetProperty(j => j.LeaseUntil, (DateTimeOffset?)null),
                cancellationToken) == 1;
        }

        // The column holds 500 characters; a reason quoting a service's message may be longer.
        var reason = error.Length <= 500 ? error : error[..500];
        return await owned.ExecuteUpdateAsync(
            set => set.SetProperty(j => j.Status, AnalysisStatus.Failed)
                .SetProperty(j => j.Error, reason)
                .SetProperty(j => j.CompletedAt, now)
                .SetProperty(j => j.LeaseToken, (Guid?)null)
                .SetProperty(j => j.LeaseUntil, (DateTimeOffset?)null),
            cancellationToken) == 1;
    }

    /// <summary>Queues a new analysis of the photo, replacing whatever state the current one is in.</summary>
    public async Task RequestAsync(Guid photoId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var updated = await db.AnalysisJobs.Where(j => j.PhotoId == photoId).ExecuteUpdateAsync(
            set => set.SetProperty(j => j.Status, AnalysisStatus.Pending)
                .SetProperty(j => j.Attempts, 0)
                .SetProperty(j => j.RequestedAt, now)
                .SetProperty(j => j.AvailableAt, now)
                .SetProperty(j => j.StartedAt, (DateTimeOffset?)null)
                .SetProperty(j => j.CompletedAt, (DateTimeOffset?)null)
                .SetProperty(j => j.LeaseToken, (Guid?)null)
                .SetProperty(j => j.LeaseUntil, (DateTimeOffset?)null)
                .SetProperty(j => j.Error, (string?)null)
                .SetProperty(j => j.TraceParent, Telemetry.CurrentTraceParent),
            cancellationToken);
        if (updated == 0)
        {
            db.AnalysisJobs.Add(new AnalysisJob { PhotoId = photoId, RequestedAt = now, AvailableAt = now, TraceParent = Telemetry.CurrentTraceParent });
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Claims the job of <paramref name="photoId"/> for a queue message that arrived (SQS transport): a pending job, or a
    /// running one whose lease has passed. <paramref name="attempt"/> is the message's receive count. Null when the job
    /// is not claimable; <see cref="IsSettledAsync"/> tells whether it never will be again.
    /// </summary>
    public async Task<ClaimedJob?> ClaimAsync(Guid photoId, int attempt, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var token = Guid.NewGuid();
        var leaseUntil = now + options.Value.LeaseDuration;
        var claimed = await db.Database.SqlQuery<ClaimRow>($"""
            UPDATE analysis_jobs AS j
            SET "Status" = 'running', "Attempts" = {attempt}, "LeaseToken" = {token}, "LeaseUntil" = {leaseUntil},
                "StartedAt" = {now}, "Error" = NULL
            WHERE j."PhotoId" = {photoId}
              AND (j."Status" = 'pending' OR (j."Status" = 'running' AND j."LeaseUntil" < {now}))
            RETURNING j."PhotoId", j."Attempts", j."TraceParent"
            """).ToListAsync(cancellationToken);
        return claimed is [var row] ? new ClaimedJob(row.PhotoId, row.Attempts, token, row.TraceParent) : null;
    }

    /// <summary>True when the photo's job finished (succeeded or failed) or no longer exists: a message for it is done with.</summary>
    public async Task<bool> IsSettledAsync(Guid photoId, CancellationToken cancellationToken) =>
        !await db.AnalysisJobs.AnyAsync(
            j => j.PhotoId == photoId && (j.Status == AnalysisStatus.Pending || j.Status == AnalysisStatus.Running), cancellationToken);

    /// <summary>
    /// Takes up to <paramref name="count"/> pending jobs that are due to be sent to the queue (SQS transport) and marks
    /// them sent for <paramref name="resendAfter"/>: should a message never lead to a claim, the job is sent again then.
    /// </summary>
    public async Task<List<Guid>> TakeDueForSendingAsync(int count, TimeSpan resendAfter, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var next = now + resendAfter;
        return await db.Database.SqlQuery<Guid>($"""
            UPDATE analysis_jobs AS j SET "AvailableAt" = {next}
            WHERE j."PhotoId" IN (
                SELECT c."PhotoId" FROM analysis_jobs AS c
                WHERE c."Status" = 'pending' AND c."AvailableAt" <= {now}
                ORDER BY c."AvailableAt", c."RequestedAt"
                LIMIT {count}
                FOR UPDATE SKIP LOCKED)
            RETURNING j."PhotoId" AS "Value"
            """).ToListAsync(cancellationToken);
    }

    /// <summary>Jobs whose message could not be sent are due again at once.</summary>
    public Task ReturnUnsentAsync(IReadOnlyCollection<Guid> photoIds, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return db.AnalysisJobs.Where(j => photoIds.Contains(j.PhotoId) && j.Status == AnalysisStatus.Pending)
            .ExecuteUpdateAsync(set => set.SetProperty(j => j.AvailableAt, now), cancellationToken);
    }

    /// <summary>Jobs waiting or running, for the queue-depth gauge.</summary>
    public Task<int> CountOutstandingAsync(CancellationToken cancellationToken) =>
        db.AnalysisJobs.CountAsync(j => j.Status == AnalysisStatus.Pending || j.Status == AnalysisStatus.Running, cancellationToken);

    private sealed record ClaimRow(Guid PhotoId, int Attempts, string? TraceParent);
}
