using System.ComponentModel.DataAnnotations;

namespace FaceAspire.Api.Imaging;

/// <summary>Limits and encodings for uploaded images (section <c>Imaging</c>).</summary>
public sealed class ImagingOptions
{
    public const string SectionName = "Imaging";

    /// <summary>Largest accepted pixel count, read from the header before any pixel is decoded.</summary>
    [Range(1, 500_000_000)]
    public long MaxPixels { get; set; } = 50_000_000;

    /// <summary>Longest side of the thumbnail.</summary>
    [Range(32, 2048)]
    public int ThumbnailSize { get; set; } = 320;

    /// <summary>JPEG quality of the display derivative where it is re-encoded (PNG, WebP, a JPEG turned by EXIF).</summary>
    [Range(50, 100)]
    public int DisplayQuality { get; set; } = 90;

    /// <summary>JPEG quality of the thumbnail.</summary>
    [Range(30, 100)]
    public int ThumbnailQuality { get; set; } = 80;
}
