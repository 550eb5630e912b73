using FaceAspire.AlertFunction.Contracts;
using SkiaSharp;

namespace FaceAspire.AlertFunction.Tests.Support;

/// <summary>Alerts as the API would send them, each with fresh ids.</summary>
internal static class TestAlerts
{
    private static readonly Lazy<string> Thumbnail = new(MakeThumbnail);

    /// <summary>A face photo from the npm demo set (larger than the thumbnail limit).</summary>
    public static string SamplePhotoPath => Path.Combine(RepositoryPaths.NodeModules, "@vladmandic", "face-api", "demo", "sample1.jpg");

    /// <summary>A small JPEG made from a real photo, as the API's thumbnailer would produce.</summary>
    public static string ThumbnailBase64 => Thumbnail.Value;

    /// <summary>Fresh administrator addresses, unique to one test (the function's <c>AlertFunction:Recipients</c>).</summary>
    public static string[] Admins(int count)
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        return [.. Enumerable.Range(1, count).Select(i => $"admin{i}-{tag}@faceaspire.test")];
    }

    /// <summary>An alert for a photo whose best face scored 31.5%.</summary>
    public static AlertMessage LowConfidence(bool withThumbnail = true)
    {
        var photoId = Guid.NewGuid();
        return new AlertMessage(
            AlertId: Guid.NewGuid(),
            PhotoId: photoId,
            OwnerId: Guid.NewGuid().ToString(),
            OwnerEmail: "owner@faceaspire.test",
            BestConfidence: 31.5,
            FaceCount: 2,
            Reason: "LowConfidence",
            CreatedAt: new DateTimeOffset(2026, 11, 20, 14, 30, 0, TimeSpan.Zero),
            ReviewUrl: new Uri($"https://faceaspire.test/admin/review/{photoId}"),
            ThumbnailJpegBase64: withThumbnail ? ThumbnailBase64 : null);
    }

    /// <summary>An alert for a photo without any face.</summary>
    public static AlertMessage NoFace() =>
        LowConfidence(withThumbnail: false) with { BestConfidence = null, FaceCount = 0, Reason = "NoFace" };

    /// <summary>An account notice for <paramref name="accountId"/>, as the API sends it: the account's id, no address.</summary>
    public static AccountNoticeMessage Notice(Guid accountId, string notice = AccountNoticeMessage.RegistrationAttempt) =>
        new(Guid.NewGuid(), notice, accountId, new DateTimeOffset(2026, 12, 6, 7, 15, 0, TimeSpan.Zero));

    private static string MakeThumbnail()
    {
        using var photo = SKBitmap.Decode(SamplePhotoPath) ?? throw new InvalidOperationException($"Cannot decode {SamplePhotoPath}.");
        var width = 160;
        var height = Math.Max(1, photo.Height * width / photo.Width);
        using var small = photo.Resize(new SKImageInfo(width, height), new SKSamplingOptions(SKFilterMode.Linear));
        using var image = SKImage.FromBitmap(small);
        using var jpeg = image.Encode(SKEncodedImageFormat.Jpeg, 80);
        return Convert.ToBase64String(jpeg.ToArray());
    }
}
