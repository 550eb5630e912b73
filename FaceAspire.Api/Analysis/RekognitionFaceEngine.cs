using FaceAspire.Api.Imaging;
using FaceAspire.Api.Rekognition;
using FaceAspire.Vision.Imaging;
using FaceAspire.Vision.Pipeline;

namespace FaceAspire.Api.Analysis;

/// <summary>
/// <see cref="IFaceEngine"/> over AWS Rekognition's DetectFaces (<c>Analysis:Engine=Rekognition</c>): every attribute
/// (<c>ALL</c>), in Rekognition's own FaceDetail shape, largest face first, as the local engine orders them. Rekognition
/// keeps no descriptor a client can read, so its faces have none (<see cref="ProducesDescriptors"/>): face search,
/// compare and people go through <see cref="Faces.RekognitionFaceMatcher"/>. An image over Rekognition's 5 MB (or not
/// a JPEG or PNG) is sent re-encoded smaller (<see cref="ImageProcessor.FitWithin"/>); images Rekognition refuses are
/// unusable for good; throttling (after the client's retries) and outages are errors the worker retries with back-off.
/// </summary>
public sealed class RekognitionFaceEngine(RekognitionServiceClient client, ImageProcessor images) : IFaceEngine
{
    /// <summary>Stored with every result it makes, so they never mix with the local engine's.</summary>
    public const string EngineVersion = "aws-rekognition";

    private static readonly HashSet<string> Unusable = ["InvalidImageFormatException", "ImageTooLargeException", "InvalidParameterException"];

    public string Version => EngineVersion;

    public bool ProducesDescriptors => false;

    public IReadOnlyList<AnalyzedFace> Analyze(byte[] image, CancellationToken cancellationToken)
    {
        // The worker runs engines synchronously on its own thread; the HTTP call is awaited there.
        var response = CallAsync<DetectFacesRequest, DetectFacesResponse>(
            "DetectFaces", bytes => new DetectFacesRequest(new ImageBody(bytes, null), ["ALL"]), image, cancellationToken).GetAwaiter().GetResult();
        return LargestFirst(response.FaceDetails.Select(face => new AnalyzedFace(face, null)), face => face.Detail);
    }

    /// <summary>
    /// One Rekognition call about <paramref name="image"/>, sent within Rekognition's 5 MB as JPEG or PNG; a refused
    /// image becomes <see cref="UnusableImageException"/>, every other error stays a <see cref="RekognitionException"/>.
    /// </summary>
    public async Task<TResponse> CallAsync<TRequest, TResponse>(
        string operation, Func<byte[], TRequest> request, byte[] image, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        byte[] bytes;
        try
        {
            bytes = images.FitWithin(image, RekognitionImages.MaxBytes);
        }
        catch (ImageDecodeException ex)
        {
            throw new UnusableImageException("The photo could not be decoded for analysis.", ex);
        }

        try
        {
            return await client.SendAsync<TRequest, TResponse>(operation, request(bytes), cancellationToken);
        }
        catch (RekognitionException error) when (Unusable.Contains(error.ErrorName))
        {
            throw new UnusableImageException($"Rekognition refused the image: {error.ErrorName}: {error.Message}", error);
        }
    }

    /// <summary>Faces in the local engine's order: largest first.</summary>
    public static List<T> LargestFirst<T>(IEnumerable<T> faces, Func<T, Vision.Rekognition.FaceDetail> detail) =>
        [.. faces.OrderByDescending(face => detail(face).BoundingBox.Width * detail(face).BoundingBox.Height)];
}
