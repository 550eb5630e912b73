namespace FaceAspire.Vision.Imaging;

/// <summary>
/// The bytes handed to the engine are not an image it can read: empty, truncated, not an image format,
/// or larger than the configured pixel cap. The message is safe to show to the caller.
/// </summary>
public sealed class ImageDecodeException : Exception
{
    public ImageDecodeException(string message)
        : base(message)
    {
    }

    public ImageDecodeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ImageDecodeException()
    {
    }
}
