using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using SkiaSharp;

namespace FaceAspire.Vision.Imaging;

/// <summary>An image read by <see cref="ImageDecoder"/>: its format, from its bytes, and its upright pixels.</summary>
/// <param name="Format">Format of the encoded bytes.</param>
/// <param name="Pixels">Upright RGB pixels, translucency composited over white.</param>
public sealed record DecodedImage(ImageFormat Format, RgbImage Pixels)
{
    /// <summary>Whether the pixels are stored upright (no EXIF orientation turned them): decoding gives them as stored.</summary>
    public bool StoredUpright { get; init; } = true;
}

/// <summary>
/// FaceAspire's one way of reading image bytes (JPEG, PNG or WebP), used by the upload, the engine and every
/// derivative: the format comes from the leading bytes (never a file name or declared type), the pixel count is
/// read from the header and checked against a cap before any pixel memory is allocated (a decompression bomb
/// costs nothing), the whole image is decoded (a truncated file is refused), EXIF orientation is applied so
/// coordinates match what a viewer shows, and translucent pixels are composited over white.
/// </summary>
public static class ImageDecoder
{
    /// <summary>Largest RGBA raster (bytes) decoded into a pooled buffer: 16 MiB, a 4-megapixel photo.</summary>
    private const int PooledRasterBytes = 16 * 1024 * 1024;

    /// <summary>Default pixel cap: 50 megapixels.</summary>
    public const long DefaultMaxPixels = 50_000_000;

    /// <summary>Decodes <paramref name="encoded"/> to upright pixels.</summary>
    /// <exception cref="ImageDecodeException">Empty, unreadable, truncated, unsupported or too large.</exception>
    public static RgbImage Decode(ReadOnlySpan<byte> encoded, long maxPixels = DefaultMaxPixels) => Read(encoded, maxPixels).Pixels;

    /// <summary>Decodes <paramref name="encoded"/> and reports its format.</summary>
    /// <exception cref="ImageDecodeException">Empty, unreadable, truncated, unsupported or too large; <see cref="ImageDecodeException.Reason"/> says which.</exception>
    public static DecodedImage Read(ReadOnlySpan<byte> encoded, long maxPixels = DefaultMaxPixels)
    {
        if (encoded.IsEmpty)
        {
            throw new ImageDecodeException(ImageDecodeFailure.Empty, "The image is empty (zero bytes).");
        }

        var format = ImageFormatSniffer.Detect(encoded)
            ?? throw new ImageDecodeException(
                ImageDecodeFailure.UnsupportedFormat, "The bytes are not a readable image; JPEG, PNG and WebP are supported.");
        using var data = SKData.CreateCopy(encoded);
        using var codec = SKCodec.Create(data)
            ?? throw new ImageDecodeException(ImageDecodeFailure.Corrupt, $"The {format} header is malformed.");
        var width = codec.Info.Width;
        var height = codec.Info.Height;
        if (width <= 0 || height <= 0)
        {
            throw new ImageDecodeException(ImageDecodeFailure.Corrupt, "The image header declares no pixels.");
        }

        if ((long)width * height > maxPixels)
        {
            throw new ImageDecodeException(
                ImageDecodeFailure.TooManyPixels,
                $"The image is {width}x{height} ({(long)width * height:N0} pixels), over the limit of {maxPixels:N0} pixels.");
        }

        // The RGBA raster only lives until it is copied to upright RGB: for photos up to PooledRasterBytes a pooled
        // buffer spares the large-object heap a ~10 MB array per 1920x1280 photo; larger ones are not kept in the pool.
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var size = checked((int)info.BytesSize64);
        var pooled = size <= PooledRasterBytes;
        var rgba = pooled ? ArrayPool<byte>.Shared.Rent(size) : new byte[size];
        try
        {
            DecodeRgba(codec, info, rgba);
            return new DecodedImage(format, Orient(rgba, width, height, codec.EncodedOrigin)) { StoredUpright = codec.EncodedOrigin == SKEncodedOrigin.TopLeft };
        }
        finally
        {
            if (pooled)
            {
                ArrayPool<byte>.Shared.Return(rgba);
            }
        }
    }

    private static void DecodeRgba(SKCodec codec, SKImageInfo info, byte[] rgba)
    {
        var handle = GCHandle.Alloc(rgba, GCHandleType.Pinned);
        try
        {
            var result = codec.GetPixels(info, handle.AddrOfPinnedObject());
            if (result is SKCodecResult.IncompleteInput or SKCodecResult.ErrorInInput)
            {
                throw new ImageDecodeException(ImageDecodeFailure.Corrupt, "The image data is truncated or corrupt.");
            }

            if (result != SKCodecResult.Success)
            {
                throw new ImageDecodeException(ImageDecodeFailure.Corrupt, $"The image could not be decoded ({result}).");
            }
        }
        finally
        {
            handle.Free();
        }
    }

    /// <summary>
    /// Copies RGBA into upright RGB. Translucent pixels are composited over white, because a transparent
    /// PNG background is usually meant to be "paper", and black would invent dark edges around faces.
    /// </summary>
    internal static RgbImage Orient(byte[] rgba, int width, int height, SKEncodedOrigin origin)
    {
        var swapsAxes = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop
            or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var outWidth = swapsAxes ? height : width;
        var outHeight = swapsAxes ? width : height;
        // Every byte is written below, so the large array need not be cleared first.
        var rgb = GC.AllocateUninitializedArray<byte>(outWidth * outHeight * 3);
        if (origin == SKEncodedOrigin.TopLeft && BitConverter.IsLittleEndian)
        {
            DropAlpha(rgba, rgb);
            return new RgbImage(outWidth, outHeight, rgb);
        }

        for (var y = 0; y < outHeight; y++)
        {
            for (var x = 0; x < outWidth; x++)
            {
                var (sx, sy) = SourceOf(origin, x, y, width, height);
                var s = ((sy * width) + sx) * 4;
                var d = ((y * outWidth) + x) * 3;
                var alpha = rgba[s + 3];
                if (alpha == 255)
                {
                    rgb[d] = rgba[s];
                    rgb[d + 1] = rgba[s + 1];
                    rgb[d + 2] = rgba[s + 2];
                }
                else
                {
                    var white = 255 - alpha;
                    rgb[d] = (byte)(((rgba[s] * alpha) + (255 * white) + 127) / 255);
                    rgb[d + 1] = (byte)(((rgba[s + 1] * alpha) + (255 * white) + 127) / 255);
                    rgb[d + 2] = (byte)(((rgba[s + 2] * alpha) + (255 * white) + 127) / 255);
                }
            }
        }

        return new RgbImage(outWidth, outHeight, rgb);
    }

    /// <summary>The upright case, pixel for pixel in order: RGBA to RGB, translucent pixels over white as in <see cref="Orient"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // once per photo: optimised from the first photo after a start
    private static void DropAlpha(byte[] rgba, byte[] rgb)
    {
        var source = MemoryMarshal.Cast<byte, uint>(rgba.AsSpan(0, rgb.Length / 3 * 4));
        var target = rgb.AsSpan();
        var p = 0;
        var d = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            // Four opaque pixels at a time: 16 bytes in, their 12 colour bytes out (the store's last 4 bytes are
            // overwritten by the next block, so it stops 16 bytes before the end). Blocks with a translucent pixel,
            // and the tail, go through the per-pixel loop below.
            var alphaBytes = Vector128.Create(0xFF000000u).AsByte();
            var colours = Vector128.Create((byte)0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, 0x80, 0x80, 0x80, 0x80);
            ref var from = ref MemoryMarshal.GetArrayDataReference(rgba);
            ref var to = ref MemoryMarshal.GetArrayDataReference(rgb);
            for (; p + 4 <= source.Length && d + 16 <= target.Length; p += 4, d += 12)
            {
                var pixels = Vector128.LoadUnsafe(ref from, (nuint)(p * 4));
                if ((pixels & alphaBytes) == alphaBytes)
                {
                    Vector128.Shuffle(pixels, colours).StoreUnsafe(ref to, (nuint)d);
                    continue;
                }

                for (var k = 0; k < 4; k++)
                {
                    WritePixel(source[p + k], target, d + (3 * k));
                }
            }
        }

        for (; p < source.Length; p++, d += 3)
        {
            WritePixel(source[p], target, d);
        }
    }

    private static void WritePixel(uint pixel, Span<byte> target, int d)
    {
        var r = (byte)pixel;
        var g = (byte)(pixel >> 8);
        var b = (byte)(pixel >> 16);
        var alpha = (int)(pixel >> 24);
        if (alpha != 255)
        {
            var white = 255 - alpha;
            r = (byte)(((r * alpha) + (255 * white) + 127) / 255);
            g = (byte)(((g * alpha) + (255 * white) + 127) / 255);
            b = (byte)(((b * alpha) + (255 * white) + 127) / 255);
        }

        target[d + 2] = b;
        target[d + 1] = g;
        target[d] = r;
    }

    /// <summary>Where upright pixel (x, y) lives in the stored raster, per the EXIF orientation definitions.</summary>
    private static (int X, int Y) SourceOf(SKEncodedOrigin origin, int x, int y, int width, int height) => origin switch
    {
        SKEncodedOrigin.TopRight => (width - 1 - x, y),
        SKEncodedOrigin.BottomRight => (width - 1 - x, height - 1 - y),
        SKEncodedOrigin.BottomLeft => (x, height - 1 - y),
        SKEncodedOrigin.LeftTop => (y, x),
        SKEncodedOrigin.RightTop => (y, height - 1 - x),
        SKEncodedOrigin.RightBottom => (width - 1 - y, height - 1 - x),
        SKEncodedOrigin.LeftBottom => (width - 1 - y, x),
        _ => (x, y),
    };
}
