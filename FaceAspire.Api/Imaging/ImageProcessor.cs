using Microsoft.Extensions.Options;
using SkiaSharp;

namespace FaceAspire.Api.Imaging;

/// <summary>An upload proven to be a whole image, turned upright and re-encoded without metadata.</summary>
/// <param name="Format">Format of the original, from its bytes.</param>
/// <param name="Width">Width after orientation.</param>
/// <param name="Height">Height after orientation.</param>
/// <param name="Display">JPEG of the full upright image, no metadata.</param>
/// <param name="Thumbnail">Small JPEG for galleries, no metadata.</param>
public sealed record ProcessedImage(ImageFormat Format, int Width, int Height, byte[] Display, byte[] Thumbnail);

/// <summary>
/// Validates and normalises uploaded images with SkiaSharp. The pixel count is checked from the header before any
/// pixel is decoded (a 100000x100000 PNG of a few bytes must not allocate 40 GB); the image is then fully decoded
/// so a truncated or corrupt file is refused rather than stored, and re-encoded so no EXIF (GPS included) survives.
/// </summary>
public sealed class ImageProcessor(IOptions<ImagingOptions> options)
{
    /// <summary>Processes <paramref name="data"/> or throws <see cref="ImageRejectedException"/>.</summary>
    public ProcessedImage Process(ReadOnlySpan<byte> data)
    {
        var format = ImageFormatSniffer.Detect(data)
            ?? throw ImageRejectedException.Unsupported("Only JPEG, PNG and WebP images are accepted; the content is none of these.");

        using var skData = SKData.CreateCopy(data);
        using var codec = SKCodec.Create(skData)
            ?? throw ImageRejectedException.Invalid($"The {format} header is malformed.");

        var settings = options.Value;
        var pixels = (long)codec.Info.Width * codec.Info.Height;
        if (codec.Info.Width <= 0 || codec.Info.Height <= 0)
        {
            throw ImageRejectedException.Invalid("The image declares no pixels.");
        }

        if (pixels > settings.MaxPixels)
        {
            throw ImageRejectedException.TooManyPixels(
                $"The image declares {codec.Info.Width}x{codec.Info.Height} pixels; at most {settings.MaxPixels} are accepted.");
        }

        using var decoded = Decode(codec, format);
        using var upright = ImageOrientation.Apply(decoded, codec.EncodedOrigin);
        return new ProcessedImage(
            format,
            upright.Width,
            upright.Height,
            EncodeJpeg(upright, settings.DisplayQuality),
            EncodeThumbnail(upright, settings.ThumbnailSize, settings.ThumbnailQuality));
    }

    private static SKBitmap Decode(SKCodec codec, ImageFormat format)
    {
        var info = codec.Info.WithColorType(SKColorType.Rgba8888).WithAlphaType(SKAlphaType.Premul);
        var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result != SKCodecResult.Success)
        {
            bitmap.Dispose();
            throw ImageRejectedException.Invalid($"The {format} data is incomplete or corrupt ({result}).");
        }

        return bitmap;
    }

    private static byte[] EncodeThumbnail(SKBitmap source, int maxSide, int quality)
    {
        var scale = Math.Min(1.0, (double)maxSide / Math.Max(source.Width, source.Height));
        var width = Math.Max(1, (int)Math.Round(source.Width * scale));
        var height = Math.Max(1, (int)Math.Round(source.Height * scale));
        using var resized = source.Resize(
            new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul),
            new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        return EncodeJpeg(resized, quality);
    }

    private static byte[] EncodeJpeg(SKBitmap bitmap, int quality)
    {
        // JPEG has no alpha: flatten transparent PNG/WebP onto white instead of Skia's default black.
        using var surface = SKSurface.Create(new SKImageInfo(bitmap.Width, bitmap.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        surface.Canvas.Clear(SKColors.White);
        using (var pixels = SKImage.FromBitmap(bitmap))
        {
            surface.Canvas.DrawImage(pixels, 0, 0, new SKSamplingOptions(SKFilterMode.Nearest), paint: null);
        }

        using var image = surface.Snapshot();
        using var encoded = image.Encode(SKEncodedImageFormat.Jpeg, quality);
        return encoded.ToArray();
    }
}
