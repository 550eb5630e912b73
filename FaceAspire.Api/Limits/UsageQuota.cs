using FaceAspire.Api.Analysis;
using FaceAspire.Api.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FaceAspire.Api.Limits;

/// <summary>
/// The per-user quotas of <see cref="QuotaOptions"/>: stored bytes of originals and analyses waiting or running. Each
/// check takes a PostgreSQL advisory lock on the user for the current transaction, so two requests of one user checked
/// in their transactions are counted one after the other and cannot together pass a quota that each alone would.
/// </summary>
public sealed class UsageQuota(FaceAspireDbContext db, IOptions<QuotaOptions> options)
{
    /// <exception cref="QuotaExceededException">Storing <paramref name="addedBytes"/> or queueing <paramref name="addedAnalyses"/> more would pass a quota.</exception>
    public async Task EnsureUploadFitsAsync(Guid ownerId, long addedBytes, int addedAnalyses, CancellationToken cancellationToken)
    {
        var quotas = options.Value;
        // Called outside a transaction (the check before an upload does any work), the lock and both counts still share
        // one of their own: no upload of this user commits between the two counts, so storage and queue are read as of
        // the same uploads (a full storage is not reported as a full queue because an upload committed in between).
        await using var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        await LockAsync(ownerId, cancellationToken);
        if (quotas.StorageBytesPerUser > 0)
        {
            var stored = await db.Photos.Where(p => p.OwnerId == ownerId).SumAsync(p => (long?)p.SizeBytes, cancellationToken) ?? 0;
            if (stored + addedBytes > quotas.StorageBytesPerUser)
            {
                throw new QuotaExceededException(
                    StatusCodes.Status413PayloadTooLarge,
                    "Storage quota exceeded.",
                    $"Your photos use {stored} of {quotas.StorageBytesPerUser} bytes; this upload needs {addedBytes} more. Delete photos to make room.",
                    retryAfterSeconds: null);
            }
        }

        await EnsureQueueFitsAsync(ownerId, addedAnalyses, excludedPhoto: null, cancellationToken);
    }

    /// <exception cref="QuotaExceededException">Queueing the analysis of <paramref name="photoId"/> would pass the queue cap.</exception>
    public async Task EnsureAnalysisFitsAsync(Guid ownerId, Guid photoId, CancellationToken cancellationToken)
    {
        await LockAsync(ownerId, cancellationToken);
        // A photo already waiting is queued again in place: it adds nothing.
        await EnsureQueueFitsAsync(ownerId, 1, photoId, cancellationToken);
    }

    private async Task EnsureQueueFitsAsync(Guid ownerId, int added, Guid? excludedPhoto, CancellationToken cancellationToken)
    {
        var quotas = options.Value;
        if (quotas.QueuedAnalysesPerUser == 0)
        {
            return;
        }

        var queued = await db.AnalysisJobs
            .Where(j => j.Status == AnalysisStatus.Pending || j.Status == AnalysisStatus.Running)
            .Where(j => j.PhotoId != excludedPhoto)
            .CountAsync(j => db.Photos.Any(p => p.Id == j.PhotoId && p.OwnerId == ownerId), cancellationToken);
        if (queued + added > quotas.QueuedAnalysesPerUser)
        {
            throw new QuotaExceededException(
                StatusCodes.Status429TooManyRequests,
                "Too many analyses queued.",
                $"{queued} of your photos are waiting for analysis (at most {quotas.QueuedAnalysesPerUser}); this request adds {added}. Retry when some are done.",
                quotas.QueueRetryAfterSeconds);
        }
    }

    private Task LockAsync(Guid ownerId, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({"quota:" + ownerId}, 0))", cancellationToken);
}

/// <summary>A request that would pass a user's quota: 413 (storage) or 429 with <c>Retry-After</c> (queue).</summary>
public sealed class QuotaExceededException(int statusCode, string title, string detail, int? retryAfterSeconds) : Exception(detail)
{
    public int StatusCode { get; } = statusCode;

    public string Title { get; } = title;

    public int? RetryAfterSeconds { get; } = retryAfterSeconds;
}
