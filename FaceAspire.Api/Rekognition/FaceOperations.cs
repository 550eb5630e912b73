using FaceAspire.Api.Faces;
using FaceAspire.Api.Infrastructure;
using FaceAspire.Vision.Pipeline;

namespace FaceAspire.Api.Rekognition;

/// <summary>DetectFaces and CompareFaces: the engine on the request's images; nothing of them is stored.</summary>
public sealed class FaceOperations(RekognitionImages images, FaceAspireDbContext db)
{
    public async Task<DetectFacesResponse> DetectFacesAsync(DetectFacesRequest request, Guid ownerId, CancellationToken cancellationToken)
    {
        var attributes = FaceAttributesFilter.Check(request.Attributes, nameof(request.Attributes));
        var image = await images.ReadAsync(request.Image, ownerId, nameof(request.Image), cancellationToken);
        var faces = await images.AnalyzeAsync(image.Bytes, cancellationToken);
        return new DetectFacesResponse([.. faces.Select(f => FaceAttributesFilter.Apply(f.Detail, attributes))]);
    }

    public async Task<CompareFacesResponse> CompareFacesAsync(CompareFacesRequest request, Guid ownerId, CancellationToken cancellationToken)
    {
        var threshold = RekognitionChecks.Threshold(request.SimilarityThreshold, nameof(request.SimilarityThreshold));
        var quality = QualityFilter.Check(request.QualityFilter, "NONE");
        await RequireRecognitionAsync(ownerId, cancellationToken);
        var source = await images.ReadAsync(request.SourceImage, ownerId, nameof(request.SourceImage), cancellationToken);
        var target = await images.ReadAsync(request.TargetImage, ownerId, nameof(request.TargetImage), cancellationToken);
        var sourceFaces = Usable(await images.AnalyzeAsync(source.Bytes, cancellationToken), quality);
        var targetFaces = Usable(await images.AnalyzeAsync(target.Bytes, cancellationToken), quality);
        if (sourceFaces.Count == 0)
        {
            throw RekognitionException.InvalidParameter("Request has invalid parameters: no face was found in the source image.");
        }

        var result = FaceComparison.Compare(sourceFaces, targetFaces, threshold, FaceQueries.Calibration);
        return new CompareFacesResponse(result.SourceImageFace, result.FaceMatches, result.UnmatchedFaces);
    }

    /// <summary>Throws AccessDeniedException when the owner turned face recognition off (no descriptors may be used).</summary>
    public async Task RequireRecognitionAsync(Guid ownerId, CancellationToken cancellationToken)
    {
        if (!await FaceRecognitionSettings.IsEnabledAsync(db, ownerId, cancellationToken))
        {
            throw new RekognitionException(
                "AccessDeniedException", "Face recognition is turned off for this account; turn it on in the account settings to compare and search faces.");
        }
    }

    /// <summary>The faces that pass the quality filter and have a descriptor.</summary>
    public static List<AnalyzedFace> Usable(IReadOnlyList<AnalyzedFace> faces, string quality) =>
        [.. faces.Where(f => f.Embedding is not null && QualityFilter.Reasons(f.Detail, hasDescriptor: true, quality).Count == 0)];
}

/// <summary>Range checks of Rekognition's request members.</summary>
public static class RekognitionChecks
{
    public const int MaxMaxFaces = 4096;

    /// <summary>A similarity threshold 0-100, or Rekognition's default 80.</summary>
    public static float Threshold(float? value, string member) => value switch
    {
        null => FaceQueries.DefaultThreshold,
        >= 0 and <= 100 => value.Value,
        _ => throw RekognitionException.InvalidParameter($"{member} must be between 0 and 100."),
    };

    /// <summary>A count between 1 and <paramref name="max"/>, or <paramref name="fallback"/>.</summary>
    public static int Count(int? value, string member, int fallback, int max = MaxMaxFaces, int min = 1) => value switch
    {
        null => fallback,
        _ when value >= min && value <= max => value.Value,
        _ => throw RekognitionException.InvalidParameter($"{member} must be between {min} and {max}."),
    };
}
