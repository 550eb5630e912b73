using System.Buffers.Binary;
using System.IO.Compression;
using SkiaSharp;

namespace FaceAspire.Vision.Tests.Support;

/// <summary>Encoded images generated in-test, including PNG variants Skia does not write (palette, 16-bit).</summary>
internal static class TestImages
{
    /// <summary>Encodes a bitmap drawn by <paramref name="draw"/> as JPEG or PNG.</summary>
    public static byte[] Encode(int width, int height, Action<SKCanvas> draw, SKEncodedImageFormat format = SKEncodedImageFormat.Png, SKColorType colorType = SKColorType.Rgba8888)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, colorType, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(bitmap))
        {
            draw(canvas);
        }

        using var data = bitmap.Encode(format, 92);
        return data.ToArray();
    }

    /// <summary>A PNG of colour type 3 (palette) with two entries: left half red, right half blue.</summary>
    public static byte[] PalettePng(int width, int height)
    {
        var rows = new byte[height * (width + 1)];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                rows[(y * (width + 1)) + 1 + x] = (byte)(x < width / 2 ? 0 : 1);
            }
        }

        return Png(width, height, bitDepth: 8, colorType: 3, rows, palette: [255, 0, 0, 0, 0, 255]);
    }

    /// <summary>A 16-bit-per-channel RGB PNG (colour type 2, depth 16) filled with one colour.</summary>
    public static byte[] Rgb16Png(int width, int height, ushort r, ushort g, ushort b)
    {
        var stride = (width * 6) + 1;
        var rows = new byte[height * stride];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var at = rows.AsSpan((y * stride) + 1 + (x * 6));
                BinaryPrimitives.WriteUInt16BigEndian(at, r);
                BinaryPrimitives.WriteUInt16BigEndian(at[2..], g);
                BinaryPrimitives.WriteUInt16BigEndian(at[4..], b);
            }
        }

        return Png(width, height, bitDepth: 16, colorType: 2, rows, palette: null);
    }

    /// <summary>
    /// Inserts an EXIF APP1 segment carrying <paramref name="orientation"/> right after a JPEG's SOI marker.
    /// </summary>
    public static byte[] WithExifOrientation(byte[] jpeg, ushort orientation)
    {
        // TIFF little-endian header, one IFD with one SHORT entry (tag 0x0112), no next IFD.
        byte[] tiff = [0x49, 0x49, 0x2A, 0x00, 0x08, 0x00, 0x00, 0x00, 0x01, 0x00, 0x12, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00,
            (byte)orientation, (byte)(orientation >> 8), 0x00, 0x00, 0x00, 0x00, 0x00, 0x00];
        byte[] exif = [.. "Exif\0\0"u8, .. tiff];
        var length = exif.Length + 2;
        return [0xFF, 0xD8, 0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. exif, .. jpeg.AsSpan(2)];
    }

    private static byte[] Png(int width, int height, byte bitDepth, byte colorType, byte[] filteredRows, byte[]? palette)
    {
        using var output = new MemoryStream();
        output.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = bitDepth;
        header[9] = colorType;
        Chunk(output, "IHDR", header);
        if (palette is not null)
        {
            Chunk(output, "PLTE", palette);
        }

        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            {
                zlib.Write(filteredRows);
            }

            Chunk(output, "IDAT", compressed.ToArray());
        }

        Chunk(output, "IEND", []);
        return output.ToArray();
    }

    private static void Chunk(Stream output, string type, byte[] data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        output.Write(word);
        byte[] typed = [.. System.Text.Encoding.ASCII.GetBytes(type), .. data];
        output.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32(typed));
        output.Write(word);
    }

    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
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
