namespace FaceAspire.Api.Rekognition;

/// <summary>
/// An error as Rekognition answers it: <c>{"__type": ErrorName, "message": ...}</c> with its HTTP status. Every
/// name used here is one Rekognition (or the AWS JSON protocol in front of it) documents.
/// </summary>
public sealed class RekognitionException(string errorName, string message, int statusCode = StatusCodes.Status400BadRequest)
    : Exception(message)
{
    public string ErrorName { get; } = errorName;

    public int StatusCode { get; } = statusCode;

    public static RekognitionException InvalidParameter(string message) => new("InvalidParameterException", message);

    public static RekognitionException ResourceNotFound(string message) => new("ResourceNotFoundException", message);

    public static RekognitionException InvalidImageFormat(string message = "Request has invalid image format") =>
        new("InvalidImageFormatException", message);

    public static RekognitionException ImageTooLarge(string message) => new("ImageTooLargeException", message);

    public static RekognitionException InvalidS3Object(string message = "Unable to get object metadata from S3. Check object key, region and/or access permissions.") =>
        new("InvalidS3ObjectException", message);
}
