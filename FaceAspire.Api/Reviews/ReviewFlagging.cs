using FaceAspire.Api.Alerts;
using FaceAspire.Api.Infrastructure;
using FaceAspire.Vision.Rekognition;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FaceAspire.Api.Reviews;

/// <summary>
/// The review policy: decides whether an analysis result needs an administrator's look. A photo where no face
/// reaches <see cref="AlertOptions.ConfidenceThreshold"/> gets a review item, its audit entry and an alert outbox
/// row, added to the caller's unit of work so they commit (or not) with the result itself.
/// </summary>
public sealed class ReviewFlagging(FaceAspireDbContext db, IOptions<AlertOptions> alerts)
{
    /// <summary>Audit action of the entry that opens a review item.</summary>
    public const string OpenedAction = "opened";

    /// <summary>Audit action recorded when a photo that already has a review item is flagged again by a re-analysis.</summary>
    public const string ReanalysedAction = "reanalysed";

    private const string SystemActor = "system";

    /// <summary>
    /// Adds the review item, audit entry and alert for a result that needs them; the caller saves and commits. A photo
    /// is flagged once in its life: its image never changes after the upload, so when it already has a review item
    /// (open, or decided by an administrator) a re-analysis only adds a <c>reanalysed</c> entry with the new figures to
    /// that item's audit trail, and neither opens another item nor queues another alert. The caller holds the photo's
    /// job row lock, which keeps two analyses of one photo from both getting here before either commits.
    /// </summary>
    /// <returns>True when the result was flagged.</returns>
    public async Task<bool> ReviewResultAsync(Guid photoId, IReadOnlyList<FaceDetail> faces, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(faces);
        var threshold = alerts.Value.ConfidenceThreshold;
        var best = faces.Count == 0 ? (float?)null : faces.Max(f => f.Confidence);
        if (best >= threshold)
        {
            return false;
        }

        var finding = faces.Count == 0
            ? "No face was found."
            : $"No face reached {threshold:0.#}% confidence (best {best:0.#}%).";
        var existing = await db.ReviewItems.Where(r => r.PhotoId == photoId)
            .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)
            .Select(r => (Guid?)r.Id)
            .FirstOrDefaultAsync(cancellationToken);
        if (existing is { } reviewId)
        {
            db.ReviewAudit.Add(new ReviewAuditEntry
            {
                ReviewId = reviewId,
                At = now,
                ActorEmail = SystemActor,
                Action = ReanalysedAction,
                Comment = finding,
            });
            return true;
        }

        var ownerId = await db.Photos.Where(p => p.Id == photoId).Select(p => p.OwnerId).SingleAsync(cancellationToken);
        var review = new ReviewItem
        {
            PhotoId = photoId,
            OwnerId = ownerId,
            Reason = faces.Count == 0 ? "NoFace" : "LowConfidence",
            BestConfidence = best,
            FaceCount = faces.Count,
            CreatedAt = now,
        };
        db.ReviewItems.Add(review);
        db.ReviewAudit.Add(new ReviewAuditEntry
        {
            ReviewId = review.Id,
            At = now,
            ActorEmail = SystemActor,
            Action = OpenedAction,
            Comment = finding,
        });
        db.AlertOutbox.Add(new AlertOutboxEntry
        {
            PhotoId = photoId,
            ReviewId = review.Id,
            CreatedAt = now,
            NextAttemptAt = now,
            TraceParent = Telemetry.CurrentTraceParent,
        });
        return true;
    }
}
