using System.Buffers.Binary;
using System.Text;
using SkiaSharp;

namespace FaceAspire.Api.Tests.Support;

/// <summary>Images generated at test time (no binary fixtures in the repo), plus the sample face photos of the npm packages.</summary>
public static class TestImages
{
    /// <summary>A face-free JPEG: a diagonal gradient with a few shapes.</summary>
    public static byte[] Jpeg(int width = 640, int height = 480) => Encode(width, height, SKEncodedImageFormat.Jpeg);

    public static byte[] Png(int width = 64, int height = 48) => Encode(width, height, SKEncodedImageFormat.Png);

    public static byte[] WebP(int width = 64, int height = 48) => Encode(width, height, SKEncodedImageFormat.Webp);

    /// <summary>Text planted in the GPS block of <see cref="JpegWithExif"/>; it must never come back out.</summary>
    public const string GpsMarker = "GPS-AREA-PLANTED-BY-TEST";

    /// <summary>
    /// A JPEG of <paramref name="width"/> x <paramref name="height"/> stored pixels with an EXIF block (APP1) saying
    /// <paramref name="orientation"/> and carrying a GPS sub-IFD whose area-information tag holds <see cref="GpsMarker"/>.
    /// </summary>
    public static byte[] JpegWithExif(int width, int height, ushort orientation)
    {
        var marker = Encoding.ASCII.GetBytes(GpsMarker);
        // TIFF (big-endian): header 8, IFD0 with Orientation and the GPS pointer (2 + 2 * 12 + 4 = 30),
        // GPS IFD with GPSAreaInformation (2 + 12 + 4 = 18), then the marker bytes.
        var tiff = new byte[8 + 30 + 18 + marker.Length];
        var t = tiff.AsSpan();
        "MM"u8.CopyTo(t);
        BinaryPrimitives.WriteUInt16BigEndian(t[2..], 42);
        BinaryPrimitives.WriteUInt32BigEndian(t[4..], 8);
        BinaryPrimitives.WriteUInt16BigEndian(t[8..], 2);
        WriteEntry(t[10..], tag: 0x0112, type: 3, count: 1, value: (uint)orientation << 16);
        WriteEntry(t[22..], tag: 0x8825, type: 4, count: 1, value: 38);
        BinaryPrimitives.WriteUInt16BigEndian(t[38..], 1);
        WriteEntry(t[40..], tag: 0x001C, type: 7, count: (uint)marker.Length, value: 56);
        marker.CopyTo(t[56..]);

        var app1Length = 2 + 6 + tiff.Length;
        var jpeg = Jpeg(width, height);
        var app1 = new byte[2 + app1Length];
        app1[0] = 0xFF;
        app1[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(app1.AsSpan(2), (ushort)app1Length);
        "Exif\0\0"u8.CopyTo(app1.AsSpan(4));
        tiff.CopyTo(app1.AsSpan(10));
        // Right after the SOI marker.
        return [.. jpeg.AsSpan(0, 2), .. app1, .. jpeg.AsSpan(2)];

        static void WriteEntry(Span<byte> entry, ushort tag, ushort type, uint count, uint value)
        {
            BinaryPrimitives.WriteUInt16BigEndian(entry, tag);
            BinaryPrimitives.WriteUInt16BigEndian(entry[2..], type);
            BinaryPrimitives.WriteUInt32BigEndian(entry[4..], count);
            BinaryPrimitives.WriteUInt32BigEndian(entry[8..], value);
        }
    }

    /// <summary>A real photo with faces, read from the installed npm package; never copied into the repository.</summary>
    public static byte[] SampleFace(int number = 1)
    {
        var path = RepositoryRoot.NodeModule("@vladmandic", "face-api", "demo", $"sample{number}.jpg");
        return File.Exists(path)
            ? File.ReadAllBytes(path)
            : throw new InvalidOperationException($"{path} is missing: run `npm ci` at the repository root.");
    }

    /// <summary>
    /// A JPEG (quality 95) of seeded random noise with <see cref="SampleFace"/> 3 drawn over its middle third: noise
    /// compresses badly, so at a few megapixels the file (and any re-encoding of it) is several megabytes.
    /// </summary>
    public static byte[] NoisyPhotoWithFace(int width, int height)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var random = new Random(7);
        var pixels = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(bitmap.GetPixelSpan());
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (uint)random.Next() | 0xFF000000u;
        }

        using (var canvas = new SKCanvas(bitmap))
        using (var face = SKImage.FromEncodedData(SampleFace(3)))
        {
            var faceWidth = width / 3f;
            var faceHeight = faceWidth * face.Height / face.Width;
            canvas.DrawImage(face, SKRect.Create((width - faceWidth) / 2, (height - faceHeight) / 2, faceWidth, faceHeight), new SKSamplingOptions(SKFilterMode.Linear));
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 95);
        return data.ToArray();
    }

    /// <summary>A valid small PNG whose header then claims <paramref name="width"/> x <paramref name="height"/> pixels (CRC fixed).</summary>
    public static byte[] PngDeclaring(int width, int height)
    {
        var png = Png(8, 8);
        // Signature (8) + IHDR length (4) + "IHDR" (4): width and height follow, then the chunk CRC at 29.
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16), width);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20), height);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(29), Crc32(png.AsSpan(12, 17)));
        return png;
    }

    private static byte[] Encode(int width, int height, SKEncodedImageFormat format)
    {
        using var surface = SKSurface.Create(new SKImageInfo(width, height));
        var canvas = surface.Canvas;
        using (var gradient = new SKPaint())
        {
            gradient.Shader = SKShader.CreateLinearGradient(
                new SKPoint(0, 0), new SKPoint(width, height), [SKColors.SteelBlue, SKColors.Orange], SKShaderTileMode.Clamp);
            canvas.DrawRect(0, 0, width, height, gradient);
        }

        using (var paint = new SKPaint { Color = SKColors.DarkGreen, IsAntialias = true })
        {
            canvas.DrawRect(width * 0.1f, height * 0.6f, width * 0.3f, height * 0.3f, paint);
            paint.Color = SKColors.Yellow;
            canvas.DrawCircle(width * 0.75f, height * 0.25f, Math.Min(width, height) * 0.1f, paint);
        }

        using var image = surface.Snapshot();
        using var data = image.Encode(format, 90);
        return data.ToArray();
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
