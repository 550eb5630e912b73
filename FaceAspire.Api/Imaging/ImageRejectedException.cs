namespace FaceAspire.Api.Imaging;

/// <summary>An upload that is not an acceptable image; becomes a 4xx problem response.</summary>
public sealed class ImageRejectedException(int statusCode, string title, string detail) : Exception(detail)
{
    /// <summary>HTTP status to answer with.</summary>
    public int StatusCode { get; } = statusCode;

    /// <summary>Short, stable problem title.</summary>
    public string Title { get; } = title;

    public static ImageRejectedException Unsupported(string detail) =>
        new(StatusCodes.Status415UnsupportedMediaType, "Unsupported image format.", detail);

    public static ImageRejectedException Invalid(string detail) =>
        new(StatusCodes.Status422UnprocessableEntity, "The image could not be decoded.", detail);

    public static ImageRejectedException TooManyPixels(string detail) =>
        new(StatusCodes.Status422UnprocessableEntity, "The image has too many pixels.", detail);

    public static ImageRejectedException TooLarge(string detail) =>
        new(StatusCodes.Status413PayloadTooLarge, "The image is too large.", detail);
}
