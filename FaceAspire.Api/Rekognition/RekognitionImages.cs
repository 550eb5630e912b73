using System.Text.RegularExpressions;
using FaceAspire.Api.Analysis;
using FaceAspire.Api.Infrastructure;
using FaceAspire.Api.Storage;
using FaceAspire.Vision.Imaging;
using FaceAspire.Vision.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace FaceAspire.Api.Rekognition;

/// <summary>An image of a request: its bytes, and the stored photo it is when given as an <c>S3Object</c>.</summary>
public sealed record RequestImage(byte[] Bytes, Guid? PhotoId);

/// <summary>
/// Reads the <c>Image</c> of a request the way Rekognition does: <c>Bytes</c> (at most 5 MB, JPEG or PNG) or an
/// <c>S3Object</c>, which here is an object of FaceAspire's own store: one of the caller's photos
/// (<c>photos/&lt;photo id&gt;/original</c>, at most 15 MB). Another user's photo is as unreachable as a missing one.
/// </summary>
public sealed partial class RekognitionImages(FaceAspireDbContext db, IObjectStore store, IFaceEngine engine)
{
    public const int MaxBytes = 5 * 1024 * 1024;
    public const int MaxS3ObjectBytes = 15 * 1024 * 1024;

    public async Task<RequestImage> ReadAsync(ImageBody? image, Guid ownerId, string member, CancellationToken cancellationToken)
    {
        if (image is null || (image.Bytes is null) == (image.S3Object is null))
        {
            throw RekognitionException.InvalidParameter($"{member} must have exactly one of Bytes or S3Object.");
        }

        if (image.Bytes is { } bytes)
        {
            if (bytes.Length > MaxBytes)
            {
                throw RekognitionException.ImageTooLarge($"Image size is too large. The maximum image size is {MaxBytes} bytes when the image is passed as bytes.");
            }

            return new RequestImage(CheckFormat(bytes), null);
        }

        var s3 = image.S3Object!;
        if (string.IsNullOrEmpty(s3.Bucket) || s3.Name is null || PhotoObjectKey().Match(s3.Name) is not { Success: true } key)
        {
            throw RekognitionException.InvalidS3Object();
        }

        var photoId = Guid.ParseExact(key.Groups["id"].Value, "N");
        var photo = await db.Photos.AsNoTracking().Where(p => p.Id == photoId && p.OwnerId == ownerId)
            .Select(p => new { p.OriginalKey, p.SizeBytes }).SingleOrDefaultAsync(cancellationToken)
            ?? throw RekognitionException.InvalidS3Object();
        if (photo.SizeBytes > MaxS3ObjectBytes)
        {
            throw RekognitionException.ImageTooLarge($"Image size is too large. The maximum image size is {MaxS3ObjectBytes} bytes for S3 objects.");
        }

        await using var stream = await store.OpenReadAsync(photo.OriginalKey, cancellationToken) ?? throw RekognitionException.InvalidS3Object();
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        return new RequestImage(CheckFormat(buffer.ToArray()), photoId);
    }

    /// <summary>Every face of the image with its attributes and descriptor, largest first; nothing is stored.</summary>
    public async Task<IReadOnlyList<AnalyzedFace>> AnalyzeAsync(byte[] image, CancellationToken cancellationToken)
    {
        try
        {
            return await Task.Run(() => engine.Analyze(image, cancellationToken), cancellationToken);
        }
        catch (UnusableImageException)
        {
            throw RekognitionException.InvalidImageFormat();
        }
    }

    /// <summary>The engine version, Rekognition's <c>FaceModelVersion</c>.</summary>
    public string FaceModelVersion => engine.Version;

    private static byte[] CheckFormat(byte[] bytes) =>
        ImageFormatSniffer.Detect(bytes.AsSpan(0, Math.Min(bytes.Length, ImageFormatSniffer.HeaderLength))) is ImageFormat.Jpeg or ImageFormat.Png
            ? bytes
            : throw RekognitionException.InvalidImageFormat();

    [GeneratedRegex("^photos/(?<id>[0-9a-f]{32})/original$")]
    private static partial Regex PhotoObjectKey();
}
