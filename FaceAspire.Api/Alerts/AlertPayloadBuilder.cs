using FaceAspire.Api.Accounts;
using FaceAspire.Api.Imaging;
using FaceAspire.Api.Infrastructure;
using FaceAspire.Api.Storage;
using Microsoft.EntityFrameworkCore;
using FaceAspire.Vision.Imaging;
using Microsoft.Extensions.Options;

namespace FaceAspire.Api.Alerts;

/// <summary>
/// Builds the alert for an outbox row at delivery time: recipients are the administrators as they are then, the
/// link points at the review page, and the thumbnail is the photo's stored one (shrunk if it exceeds the contract's
/// 64 KiB).
/// </summary>
public sealed class AlertPayloadBuilder(FaceAspireDbContext db, IObjectStore store, ImageProcessor images, IOptions<AppOptions> app)
{
    public const int MaxThumbnailBytes = 64 * 1024;

    /// <summary>The alert, or null when its photo or review no longer exists (nothing left to alert about).</summary>
    /// <exception cref="AlertDeliveryException">There is no administrator to address.</exception>
    public async Task<AlertPayload?> BuildAsync(Guid alertId, Guid reviewId, DateTimeOffset createdAt, CancellationToken cancellationToken)
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

        var recipients = await db.Users.AsNoTracking().Where(u => u.Roles.Contains(Roles.Admin))
            .OrderBy(u => u.Email).Select(u => u.Email).Take(50).ToListAsync(cancellationToken);
        if (recipients.Count == 0)
        {
            throw new AlertDeliveryException("There is no administrator account to alert; create one with the create-admin command.");
        }

        var baseUrl = app.Value.PublicBaseUrl.ToString().TrimEnd('/');
        return new AlertPayload(
            alertId,
            item.review.PhotoId,
            item.review.OwnerId.ToString(),
            item.Email,
            item.review.BestConfidence,
            item.review.FaceCount,
            item.review.Reason,
            createdAt,
            new Uri($"{baseUrl}/admin/reviews/{reviewId}"),
            recipients,
            await ThumbnailAsync(item.ThumbnailKey, cancellationToken));
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
