using System.Buffers.Binary;

namespace FaceAspire.Evaluation.Imaging;

/// <summary>
/// Reads the one TIFF flavour the evaluation data uses (JAFFE): uncompressed, 8 bits per sample, one sample
/// per pixel, grey (BlackIsZero / WhiteIsZero) or palette, either byte order. The engine accepts JPEG, PNG and
/// WebP only, so such files are turned into grey pixels here and re-encoded losslessly before analysis.
/// Palette pixels become luminance (ITU-R 601: 0.299 R + 0.587 G + 0.114 B), like PIL's convert('L').
/// </summary>
public static class GrayTiffReader
{
    /// <summary>Decodes <paramref name="tiff"/> to a row-major grey raster.</summary>
    /// <exception cref="InvalidDataException">Not a TIFF of the supported flavour.</exception>
    public static (int Width, int Height, byte[] Gray) Read(ReadOnlySpan<byte> tiff)
    {
        if (tiff.Length < 8 || !((tiff[0] == 'I' && tiff[1] == 'I') || (tiff[0] == 'M' && tiff[1] == 'M')))
        {
            throw new InvalidDataException("Not a TIFF file (no II/MM byte-order mark).");
        }

        var little = tiff[0] == 'I';
        var tags = ReadFirstDirectory(tiff, little);
        uint Tag(ushort id, uint fallback) => tags.TryGetValue(id, out var v) ? v[0] : fallback;

        var (width, height) = ((int)Tag(256, 0), (int)Tag(257, 0));
        if (width <= 0 || height <= 0 || Tag(258, 1) != 8 || Tag(277, 1) != 1 || Tag(259, 1) != 1)
        {
            throw new InvalidDataException("Only uncompressed 8-bit single-channel TIFF is supported.");
        }

        var photometric = Tag(262, 1);
        var raw = new byte[width * height];
        var offsets = tags.GetValueOrDefault((ushort)273) ?? throw new InvalidDataException("TIFF has no strip offsets.");
        var counts = tags.GetValueOrDefault((ushort)279) ?? throw new InvalidDataException("TIFF has no strip byte counts.");
        var written = 0;
        for (var s = 0; s < offsets.Length && written < raw.Length; s++)
        {
            var length = (int)Math.Min(counts[s], (uint)(raw.Length - written));
            if (offsets[s] + length > tiff.Length)
            {
                throw new InvalidDataException("TIFF strip runs past the end of the file.");
            }

            tiff.Slice((int)offsets[s], length).CopyTo(raw.AsSpan(written));
            written += length;
        }

        if (written < raw.Length)
        {
            throw new InvalidDataException("TIFF strips hold fewer pixels than the image declares.");
        }

        return photometric switch
        {
            0 => (width, height, raw.Select(v => (byte)(255 - v)).ToArray()),
            1 => (width, height, raw),
            3 => (width, height, ApplyPalette(raw, tags.GetValueOrDefault((ushort)320))),
            _ => throw new InvalidDataException($"TIFF photometric interpretation {photometric} is not supported."),
        };
    }

    private static byte[] ApplyPalette(byte[] indices, uint[]? colorMap)
    {
        if (colorMap is not { Length: 768 })
        {
            throw new InvalidDataException("Palette TIFF has no 256-entry colour map.");
        }

        // Colour map entries are 16-bit: all reds, then greens, then blues.
        var lut = new byte[256];
        for (var i = 0; i < 256; i++)
        {
            var luminance = (0.299 * colorMap[i]) + (0.587 * colorMap[256 + i]) + (0.114 * colorMap[512 + i]);
            lut[i] = (byte)Math.Clamp(Math.Round(luminance / 257.0), 0, 255);
        }

        return indices.Select(v => lut[v]).ToArray();
    }

    private static Dictionary<ushort, uint[]> ReadFirstDirectory(ReadOnlySpan<byte> tiff, bool little)
    {
        var ifd = (int)U32(tiff, 4, little);
        if (ifd <= 0 || ifd + 2 > tiff.Length)
        {
            throw new InvalidDataException("TIFF directory offset is out of range.");
        }

        var entries = U16(tiff, ifd, little);
        var tags = new Dictionary<ushort, uint[]>();
        for (var e = 0; e < entries; e++)
        {
            var at = ifd + 2 + (e * 12);
            if (at + 12 > tiff.Length)
            {
                throw new InvalidDataException("TIFF directory is truncated.");
            }

            var (tag, type, count) = (U16(tiff, at, little), U16(tiff, at + 2, little), (int)U32(tiff, at + 4, little));
            var size = type switch { 1 => 1, 3 => 2, 4 => 4, _ => 0 };
            if (size == 0)
            {
                continue; // Rationals, ASCII and the like carry nothing this reader needs.
            }

            var dataAt = count * size <= 4 ? at + 8 : (int)U32(tiff, at + 8, little);
            if (dataAt < 0 || dataAt + (count * size) > tiff.Length)
            {
                throw new InvalidDataException($"TIFF tag {tag} points past the end of the file.");
            }

            var values = new uint[count];
            for (var i = 0; i < count; i++)
            {
                var p = dataAt + (i * size);
                values[i] = size switch { 1 => tiff[p], 2 => U16(tiff, p, little), _ => U32(tiff, p, little) };
            }

            tags[tag] = values;
        }

        return tags;
    }

    private static ushort U16(ReadOnlySpan<byte> b, int at, bool little) =>
        little ? BinaryPrimitives.ReadUInt16LittleEndian(b[at..]) : BinaryPrimitives.ReadUInt16BigEndian(b[at..]);

    private static uint U32(ReadOnlySpan<byte> b, int at, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(b[at..]) : BinaryPrimitives.ReadUInt32BigEndian(b[at..]);
}
