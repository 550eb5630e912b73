using System.Buffers.Binary;
using SkiaSharp;

namespace FaceAspire.Api.Tests.Support;

/// <summary>Images generated at test time (no binary fixtures in the repo), plus the sample face photos of the npm packages.</summary>
public static class TestImages
{
    /// <summary>A face-free JPEG: a diagonal gradient with a few shapes.</summary>
    public static byte[] Jpeg(int width = 640, int height = 480) => Encode(width, height, SKEncodedImageFormat.Jpeg);

    public static byte[] Png(int width = 64, int height = 48) => Encode(width, height, SKEncodedImageFormat.Png);

    /// <summary>A real photo with faces, read from the installed npm package; never copied into the repository.</summary>
    public static byte[] SampleFace(int number = 1)
    {
        var path = RepositoryRoot.NodeModule("@vladmandic", "face-api", "demo", $"sample{number}.jpg");
        return File.Exists(path)
            ? File.ReadAllBytes(path)
            : throw new InvalidOperationException($"{path} is missing: run `npm ci` at the repository root.");
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
