using System.Runtime.InteropServices;
using SkiaSharp;

namespace FaceAspire.Vision.Imaging;

/// <summary>
/// Encodes derivatives of a decoded <see cref="RgbImage"/> (display images, thumbnails, face crops) as JPEG without
/// metadata. The pixels are already upright and opaque (<see cref="ImageDecoder"/>), so no orientation or alpha
/// policy lives here.
/// </summary>
public static class ImageEncoder
{
    /// <summary>The image as an opaque RGBA Skia bitmap, for drawing; the caller disposes it.</summary>
    public static SKBitmap ToBitmap(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var bitmap = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var target = MemoryMarshal.Cast<byte, uint>(bitmap.GetPixelSpan());
        var source = image.Pixels.AsSpan();
        for (int p = 0, s = 0; p < target.Length; p++, s += 3)
        {
            // Rgba8888 in memory is R, G, B, A: little-endian, so A is the top byte.
            target[p] = source[s] | ((uint)source[s + 1] << 8) | ((uint)source[s + 2] << 16) | 0xFF000000u;
        }

        return bitmap;
    }

    /// <summary>The whole image as a JPEG.</summary>
    public static byte[] EncodeJpeg(RgbImage image, int quality)
    {
        using var bitmap = ToBitmap(image);
        return EncodeJpeg(bitmap, quality);
    }

    /// <summary>The image scaled down so its longer side is at most <paramref name="maxSide"/> (never up), as a JPEG.</summary>
    public static byte[] EncodeThumbnail(RgbImage image, int maxSide, int quality)
    {
        using var bitmap = ToBitmap(image);
        return EncodeThumbnail(bitmap, maxSide, quality);
    }

    /// <summary>As <see cref="EncodeThumbnail(RgbImage, int, int)"/>, from a bitmap made by <see cref="ToBitmap"/>.</summary>
    public static byte[] EncodeThumbnail(SKBitmap bitmap, int maxSide, int quality)
    {
        ArgumentNullException.ThrowIfNull(bitmap);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxSide);
        var scale = Math.Min(1.0, (double)maxSide / Math.Max(bitmap.Width, bitmap.Height));
        var width = Math.Max(1, (int)Math.Round(bitmap.Width * scale));
        var height = Math.Max(1, (int)Math.Round(bitmap.Height * scale));
        if (width == bitmap.Width && height == bitmap.Height)
        {
            return EncodeJpeg(bitmap, quality);
        }

        using var resized = bitmap.Resize(
            new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque),
            new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        return EncodeJpeg(resized, quality);
    }

    /// <summary>
    /// The square region <paramref name="source"/> (pixels; it may reach past the edges, which are filled with
    /// <paramref name="background"/>) scaled to <paramref name="size"/> x <paramref name="size"/>, as a JPEG.
    /// </summary>
    public static byte[] EncodeCrop(RgbImage image, SKRect source, int size, SKColor background, int quality)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        using var bitmap = ToBitmap(image);
        using var surface = SKSurface.Create(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Premul));
        surface.Canvas.Clear(background);
        using (var pixels = SKImage.FromBitmap(bitmap))
        {
            surface.Canvas.DrawImage(pixels, source, SKRect.Create(0, 0, size, size), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        }

        using var snapshot = surface.Snapshot();
        using var encoded = snapshot.Encode(SKEncodedImageFormat.Jpeg, quality);
        return encoded.ToArray();
    }

    /// <summary>A bitmap made by <see cref="ToBitmap"/> as a JPEG.</summary>
    public static byte[] EncodeJpeg(SKBitmap bitmap, int quality)
    {
        ArgumentNullException.ThrowIfNull(bitmap);
        using var pixels = SKImage.FromBitmap(bitmap);
        using var encoded = pixels.Encode(SKEncodedImageFormat.Jpeg, quality);
        return encoded.ToArray();
    }
}
