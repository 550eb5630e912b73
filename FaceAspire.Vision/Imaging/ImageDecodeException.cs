namespace FaceAspire.Vision.Imaging;

/// <summary>Why bytes could not be read as an image.</summary>
public enum ImageDecodeFailure
{
    /// <summary>Zero bytes.</summary>
    Empty,

    /// <summary>The leading bytes start no accepted format (JPEG, PNG, WebP).</summary>
    UnsupportedFormat,

    /// <summary>An accepted format whose header or data is malformed or truncated.</summary>
    Corrupt,

    /// <summary>The header declares more pixels than the cap allows; nothing was decoded.</summary>
    TooManyPixels,
}

/// <summary>
/// The bytes are not an image FaceAspire can read: empty, truncated, not an image format, or larger than the
/// configured pixel cap. The message is safe to show to the caller.
/// </summary>
public sealed class ImageDecodeException : Exception
{
    public ImageDecodeException(ImageDecodeFailure reason, string message)
        : base(message)
    {
        Reason = reason;
    }

    public ImageDecodeException(string message)
        : this(ImageDecodeFailure.Corrupt, message)
    {
    }

    public ImageDecodeException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = ImageDecodeFailure.Corrupt;
    }

    public ImageDecodeException()
    {
        Reason = ImageDecodeFailure.Corrupt;
    }

    /// <summary>What was wrong with the bytes.</summary>
    public ImageDecodeFailure Reason { get; }
}
