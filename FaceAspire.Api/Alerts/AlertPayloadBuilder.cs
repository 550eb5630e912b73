using FaceAspire.Api.Imaging;
using FaceAspire.Api.Infrastructure;
using FaceAspire.Api.Storage;
using Microsoft.EntityFrameworkCore;
using FaceAspire.Vision.Imaging;
using Microsoft.Extensions.Options;

namespace FaceAspire.Api.Alerts;

/// <summary>A claimed outbox row, as the dispatcher hands it to <see cref="AlertPayloadBuilder"/>.</summary>
public sealed record DueAlert(Guid Id, string Kind, Guid? ReviewId, Guid? UserId, DateTimeOffset CreatedAt, int Attempts, string? TraceParent);

/// <summary>
/// Builds the message for an outbox row at delivery time. A review alert links to the review page and carries the
/// photo's stored thumbnail (shrunk if it exceeds the contract's 64 KiB); it names no recipient, because the function
/// e-mails the administrators of its own configuration. An account notice carries only the account's id.
/// </summary>
public sealed class AlertPayloadBuilder(FaceAspireDbContext db, IObjectStore store, ImageProcessor images, IOptions<AppOptions> app)
{
    public const int MaxThumbnailBytes = 64 * 1024;

    /// <summary>The message, or null when its photo or review no longer exists (nothing left to alert about).</summary>
    public async Task<AlertFunctionMessage?> BuildAsync(DueAlert due, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(due);
        return due.Kind switch
        {
            AlertKinds.ReviewAlert => await BuildReviewAlertAsync(due.Id, due.ReviewId!.Value, due.CreatedAt, cancellationToken),
            AlertKinds.Welcome or AlertKinds.RegistrationAttempt =>
                AlertFunctionMessage.For(new AccountNoticePayload(due.Id, due.Kind, due.UserId!.Value, due.CreatedAt)),
            _ => throw new InvalidOperationException($"Unknown outbox kind '{due.Kind}'."),
        };
    }

    private async Task<AlertFunctionMessage?> BuildReviewAlertAsync(Guid alertId, Guid reviewId, DateTimeOffset createdAt, CancellationToken cancellationToken)
    {
        var item = await (
            from review in db.ReviewItems.AsNoTracking()
            join photo in db.Photos.AsNoTracking() on review.PhotoId equals photo.Id
            join owner in db.Users.AsNoTracking() on photo.OwnerId equals owner.Id
            where review.Id == reviewId
            select new { review, photo.ThumbnailKey, owner.Email }).SingleOrDefaultAsync(cancellationToken);
        if (item is null)
        {
            return null;
        }

        var baseUrl = app.Value.PublicBaseUrl.ToString().TrimEnd('/');
        return AlertFunctionMessage.For(new AlertPayload(
            alertId,
            item.review.PhotoId,
            item.review.OwnerId.ToString(),
            item.Email,
            item.review.BestConfidence,
            item.review.FaceCount,
            item.review.Reason,
            createdAt,
            new Uri($"{baseUrl}/admin/reviews/{reviewId}"),
            await ThumbnailAsync(item.ThumbnailKey, cancellationToken)));
    }

    private async Task<string?> ThumbnailAsync(string key, CancellationToken cancellationToken)
    {
        await using var stream = await store.OpenReadAsync(key, cancellationToken);
        if (stream is null)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        var jpeg = buffer.ToArray();
        return Convert.ToBase64String(jpeg.Length <= MaxThumbnailBytes ? jpeg : Shrink(jpeg));
    }

    private byte[] Shrink(byte[] jpeg) => ImageEncoder.EncodeThumbnail(images.DecodeStored(jpeg), 160, 70);
}
