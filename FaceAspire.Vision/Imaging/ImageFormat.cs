namespace FaceAspire.Vision.Imaging;

/// <summary>The image formats FaceAspire reads: accepted for upload and by the engine.</summary>
public enum ImageFormat
{
    Jpeg,
    Png,
    WebP,
}

/// <summary>Identifies an image format from its leading bytes; the file name and declared type are never trusted.</summary>
public static class ImageFormatSniffer
{
    /// <summary>Bytes needed to tell every accepted format apart.</summary>
    public const int HeaderLength = 12;

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Returns the format, or null when the bytes start no accepted format.</summary>
    public static ImageFormat? Detect(ReadOnlySpan<byte> header)
    {
        if (header.Length >= 3 && header[0] == 0xFF && header[1] == 0xD8 && header[2] == 0xFF)
        {
            return ImageFormat.Jpeg;
        }

        if (header.StartsWith(PngSignature))
        {
            return ImageFormat.Png;
        }

        if (header.Length >= HeaderLength && header[..4].SequenceEqual("RIFF"u8) && header[8..12].SequenceEqual("WEBP"u8))
        {
            return ImageFormat.WebP;
        }

        return null;
    }

    /// <summary>The media type of a format.</summary>
    public static string ContentType(ImageFormat format) => format switch
    {
        ImageFormat.Jpeg => "image/jpeg",
        ImageFormat.Png => "image/png",
        ImageFormat.WebP => "image/webp",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };
}
