using FaceAspire.Api.Rekognition;
using FaceAspire.Vision.Pipeline;

namespace FaceAspire.Api.Analysis;

/// <summary>
/// <see cref="IFaceEngine"/> over AWS Rekognition's DetectFaces (<c>Analysis:Engine=Rekognition</c>): every attribute
/// (<c>ALL</c>), in Rekognition's own FaceDetail shape, largest face first, as the local engine orders them. Rekognition
/// keeps no descriptor a client can read, so its faces have none (<see cref="ProducesDescriptors"/>). Images Rekognition
/// refuses (format, 5 MB) are unusable for good; throttling and outages are errors the worker retries.
/// </summary>
public sealed class RekognitionFaceEngine(RekognitionServiceClient client) : IFaceEngine
{
    /// <summary>Stored with every result it makes, so they never mix with the local engine's.</summary>
    public const string EngineVersion = "aws-rekognition";

    private static readonly HashSet<string> Unusable = ["InvalidImageFormatException", "ImageTooLargeException", "InvalidParameterException"];

    public string Version => EngineVersion;

    public bool ProducesDescriptors => false;

    public IReadOnlyList<AnalyzedFace> Analyze(byte[] image, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Length > RekognitionImages.MaxBytes)
        {
            throw new UnusableImageException($"The image has {image.Length} bytes; Rekognition takes at most {RekognitionImages.MaxBytes} as bytes.");
        }

        DetectFacesResponse response;
        try
        {
            // The worker runs engines synchronously on its own thread; the HTTP call is awaited there.
            response = client.SendAsync<DetectFacesRequest, DetectFacesResponse>(
                "DetectFaces", new DetectFacesRequest(new ImageBody(image, null), ["ALL"]), cancellationToken).GetAwaiter().GetResult();
        }
        catch (RekognitionException error) when (Unusable.Contains(error.ErrorName))
        {
            throw new UnusableImageException($"Rekognition refused the image: {error.ErrorName}: {error.Message}", error);
        }

        return [.. response.FaceDetails
            .OrderByDescending(face => face.BoundingBox.Width * face.BoundingBox.Height)
            .Select(face => new AnalyzedFace(face, null))];
    }
}
