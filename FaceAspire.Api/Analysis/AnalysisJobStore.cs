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

    /// <summary>Claims the oldest due job, or returns null when there is none.</summary>
    public async Task<ClaimedJob?> ClaimAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        // A job abandoned on its last attempt is not claimed again: it is failed with a reason the owner can read.
        await db.AnalysisJobs
            .Where(j => j.Status == AnalysisStatus.Running && j.LeaseUntil < now && j.Attempts >= settings.MaxAttempts)
            .ExecuteUpdateAsync(
                set => set.SetProperty(j => j.Status, AnalysisStatus.Failed)
                    .SetProperty(j => j.Error, AbandonedError)
                    .SetProperty(j => j.CompletedAt, now)
                    .SetProperty(j => j.LeaseToken, (Guid?)null),
                cancellationToken);

        var token = Guid.NewGuid();
        var leaseUntil = now + settings.LeaseDuration;
        var claimed = await db.Database.SqlQuery<ClaimRow>($"""
            UPDATE analysis_jobs AS j
            SET "Status" = 'running', "Attempts" = j."Attempts" + 1, "LeaseToken" = {token}, "LeaseUntil" = {leaseUntil},
                "StartedAt" = {now}, "Error" = NULL
            WHERE j."PhotoId" = (
                SELECT c."PhotoId" FROM analysis_jobs AS c
                WHERE (c."Status" = 'pending' AND c."AvailableAt" <= {now})
                   OR (c."Status" = 'running' AND c."LeaseUntil" < {now})
                ORDER BY c."AvailableAt", c."RequestedAt"
                LIMIT 1
                FOR UPDATE SKIP LOCKED)
            RETURNING j."PhotoId", j."Attempts", j."TraceParent"
            """).ToListAsync(cancellationToken);
        return claimed is [var row] ? new ClaimedJob(row.PhotoId, row.Attempts, token, row.TraceParent) : null;
    }

    /// <summary>Records a failed attempt: back to the queue with a back-off, or failed for good. False if the lease was lost.</summary>
    public async Task<bool> FailAsync(ClaimedJob job, string error, bool retry, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var owned = db.AnalysisJobs.Where(j => j.PhotoId == job.PhotoId && j.LeaseToken == job.LeaseToken);
        if (retry && job.Attempt < settings.MaxAttempts)
        {
            var delay = RetryBackoff.After(job.Attempt, settings.RetryDelay, TimeSpan.MaxValue);
            return await owned.ExecuteUpdateAsync(
                set => set.SetProperty(j => j.Status, AnalysisStatus.Pending)
                    .SetProperty(j => j.AvailableAt, now + delay)
                    .SetProperty(j => j.LeaseToken, (Guid?)null)
                    .SetProperty(j => j.LeaseUntil, (DateTimeOffset?)null),
                cancellationToken) == 1;
        }

        return await owned.ExecuteUpdateAsync(
            set => set.SetProperty(j => j.Status, AnalysisStatus.Failed)
                .SetProperty(j => j.Error, error)
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

    /// <summary>Jobs waiting or running, for the queue-depth gauge.</summary>
    public Task<int> CountOutstandingAsync(CancellationToken cancellationToken) =>
        db.AnalysisJobs.CountAsync(j => j.Status == AnalysisStatus.Pending || j.Status == AnalysisStatus.Running, cancellationToken);

    private sealed record ClaimRow(Guid PhotoId, int Attempts, string? TraceParent);
}
