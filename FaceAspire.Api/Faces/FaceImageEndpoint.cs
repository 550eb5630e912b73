using FaceAspire.Api.Imaging;
using FaceAspire.Api.Infrastructure;
using FaceAspire.Api.Storage;
using FaceAspire.Vision.Imaging;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SkiaSharp;

namespace FaceAspire.Api.Faces;

/// <summary>
/// <c>GET /api/faces/{faceId}/image</c>: a square JPEG of one face with some of its surroundings, cut from the
/// photo's display image, for result grids and people covers.
/// </summary>
internal static class FaceImageEndpoint
{
    public const int Size = 160;

    // Share of the face box added on each side.
    private const float Margin = 0.3f;

    public static async Task<Results<FileContentHttpResult, NotFound>> GetAsync(
        Guid faceId, HttpContext context, FaceAspireDbContext db, IObjectStore store, ImageProcessor images, CancellationToken cancellationToken)
    {
        var owner = FaceQueries.Owner(context);
        var found = await FaceQueries.CurrentFaces(db, owner)
            .Where(f => f.Id == faceId)
            .Select(f => new { f.BoxLeft, f.BoxTop, f.BoxWidth, f.BoxHeight, Key = db.Photos.Where(p => p.Id == f.PhotoId).Select(p => p.DisplayKey).First() })
            .SingleOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return TypedResults.NotFound();
        }

        await using var stream = await store.OpenReadAsync(found.Key, cancellationToken);
        if (stream is null)
        {
            return TypedResults.NotFound();
        }

        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        var photo = images.DecodeStored(buffer.ToArray());
        var side = Math.Max(found.BoxWidth * photo.Width, found.BoxHeight * photo.Height) * (1 + (2 * Margin));
        var centreX = (found.BoxLeft + (found.BoxWidth / 2)) * photo.Width;
        var centreY = (found.BoxTop + (found.BoxHeight / 2)) * photo.Height;
        var jpeg = ImageEncoder.EncodeCrop(photo, SKRect.Create(centreX - (side / 2), centreY - (side / 2), side, side), Size, SKColors.Gray, 85);
        context.Response.Headers.CacheControl = "private, max-age=86400, immutable";
        return TypedResults.File(jpeg, "image/jpeg");
    }
}
