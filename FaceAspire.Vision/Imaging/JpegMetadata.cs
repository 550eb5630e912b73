using System.Buffers.Binary;

namespace FaceAspire.Vision.Imaging;

/// <summary>
/// Removes metadata from a JPEG without touching its compressed pixels: the tables, frame and scans are copied byte
/// for byte, so the result decodes to exactly the pixels the original does, without a lossy re-encode. Kept: the
/// JFIF header (without its embedded thumbnail) and Adobe's colour-transform marker, which say how the pixel data is
/// coded; dropped: EXIF (camera, time, GPS, orientation, thumbnail), XMP, IPTC, MPF, the ICC profile (it can name the
/// device; the pixels are shown as sRGB, as a re-encoded image is) and every other application segment, comments, and
/// anything after the end of the image. A JPEG with a marker this class does not
/// know is refused (false), so the caller re-encodes it instead.
/// </summary>
public static class JpegMetadata
{
    private const byte Marker = 0xFF;
    private const byte StartOfImage = 0xD8;
    private const byte EndOfImage = 0xD9;
    private const byte StartOfScan = 0xDA;
    private const byte Comment = 0xFE;

    /// <summary>
    /// <paramref name="jpeg"/> without metadata, or false when it is not a JPEG this class can rewrite (not starting with
    /// SOI, a segment running past the end, no end of image, an unknown marker).
    /// </summary>
    public static bool TryStrip(ReadOnlySpan<byte> jpeg, out byte[] stripped)
    {
        stripped = [];
        if (jpeg.Length < 4 || jpeg[0] != Marker || jpeg[1] != StartOfImage)
        {
            return false;
        }

        var output = new byte[jpeg.Length];
        output[0] = Marker;
        output[1] = StartOfImage;
        var written = 2;
        var position = 2;
        var sawFrame = false;
        var sawScan = false;
        while (true)
        {
            // A marker: 0xFF, optional fill bytes 0xFF, then its code.
            if (position >= jpeg.Length || jpeg[position] != Marker)
            {
                return false;
            }

            while (position < jpeg.Length && jpeg[position] == Marker)
            {
                position++;
            }

            if (position >= jpeg.Length)
            {
                return false;
            }

            var code = jpeg[position++];
            if (code == EndOfImage)
            {
                if (!sawFrame || !sawScan)
                {
                    return false;
                }

                output[written++] = Marker;
                output[written++] = EndOfImage;
                stripped = output.AsSpan(0, written).ToArray();
                return true;
            }

            if (position + 2 > jpeg.Length)
            {
                return false;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg[position..]);
            if (length < 2 || position + length > jpeg.Length)
            {
                return false;
            }

            var segment = jpeg.Slice(position - 2, length + 2);
            position += length;
            switch (Classify(code, segment[4..]))
            {
                case Segment.Keep:
                    segment.CopyTo(output.AsSpan(written));
                    written += segment.Length;
                    break;
                case Segment.JfifWithoutThumbnail:
                    // Marker, length 16, "JFIF\0", version (2), units (1), densities (2 x 2), thumbnail 0 x 0.
                    if (segment.Length < 18)
                    {
                        return false;
                    }

                    segment[..16].CopyTo(output.AsSpan(written));
                    BinaryPrimitives.WriteUInt16BigEndian(output.AsSpan(written + 2), 16);
                    output[written + 16] = 0;
                    output[written + 17] = 0;
                    written += 18;
                    break;
                case Segment.Drop:
                    break;
                default:
                    return false;
            }

            sawFrame |= code is >= 0xC0 and <= 0xCF and not (0xC4 or 0xC8 or 0xCC);
            if (code != StartOfScan)
            {
                continue;
            }

            // Entropy-coded data runs to the next marker that is neither a stuffed zero (FF 00) nor a restart (FF D0-D7).
            sawScan = true;
            var start = position;
            while (true)
            {
                var next = jpeg[position..].IndexOf(Marker);
                if (next < 0)
                {
                    return false;
                }

                position += next;
                var after = position + 1;
                while (after < jpeg.Length && jpeg[after] == Marker)
                {
                    after++;
                }

                if (after >= jpeg.Length)
                {
                    return false;
                }

                if (jpeg[after] == 0x00 || jpeg[after] is >= 0xD0 and <= 0xD7)
                {
                    position = after + 1;
                    continue;
                }

                break;
            }

            jpeg[start..position].CopyTo(output.AsSpan(written));
            written += position - start;
        }
    }

    private enum Segment
    {
        Keep,
        JfifWithoutThumbnail,
        Drop,
        Unknown,
    }

    private static Segment Classify(byte code, ReadOnlySpan<byte> payload) => code switch
    {
        // Frames (SOF0-SOF15), Huffman and arithmetic tables, quantisation tables, restart interval, scans, line count.
        >= 0xC0 and <= 0xCF or 0xDB or 0xDD or StartOfScan or 0xDC => Segment.Keep,
        0xE0 when payload.StartsWith("JFIF\0"u8) => payload.Length == 14 ? Segment.Keep : Segment.JfifWithoutThumbnail,
        0xEE when payload.StartsWith("Adobe"u8) => Segment.Keep,
        >= 0xE0 and <= 0xEF or Comment => Segment.Drop,
        _ => Segment.Unknown,
    };
}
