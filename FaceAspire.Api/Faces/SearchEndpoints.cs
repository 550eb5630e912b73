using FaceAspire.Api.Analysis;
using FaceAspire.Api.Infrastructure;
using FaceAspire.Api.Photos;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FaceAspire.Api.Faces;

/// <summary>
/// <c>POST /api/faces/{faceId}/search</c> (Rekognition SearchFaces) and <c>POST /api/search</c> (SearchFacesByImage)
/// over the signed-in user's own faces through the <see cref="IFaceMatcher"/> of the engine, best first.
/// </summary>
internal static class SearchEndpoints
{
    public const int DefaultMaxResults = 100;
    public const int MaxMaxResults = 4096;

    public static async Task<Results<Ok<SearchFacesResponse>, NotFound, ValidationProblem, ProblemHttpResult>> SearchByFaceAsync(
        Guid faceId, SearchRequest? request, HttpContext context, FaceAspireDbContext db, IFaceMatcher matcher, CancellationToken cancellationToken)
    {
        if (Check(request?.Threshold, request?.MaxResults) is { } invalid)
        {
            return invalid;
        }

        var owner = FaceQueries.Owner(context);
        var matches = await matcher.SearchAsync(
            db, owner, faceId, request?.Threshold ?? FaceQueries.DefaultThreshold, request?.MaxResults ?? DefaultMaxResults, cancellationToken);
        if (matches is null)
        {
            if (!await FaceQueries.CurrentFaces(db, owner).AnyAsync(f => f.Id == faceId, cancellationToken))
            {
                return TypedResults.NotFound();
            }

            return await FaceRecognitionSettings.IsEnabledAsync(db, owner, cancellationToken)
                ? FaceQueries.DescriptorPending()
                : FaceQueries.RecognitionOff();
        }

        return TypedResults.Ok(new SearchFacesResponse(faceId, Bodies(matches)));
    }

    public static async Task<Results<Ok<SearchFacesByImageResponse>, ValidationProblem, ProblemHttpResult>> SearchByImageAsync(
        HttpContext context, FaceAspireDbContext db, IFaceMatcher matcher, IOptions<PhotoOptions> photos,
        CancellationToken cancellationToken, float? threshold = null, int? maxResults = null)
    {
        if (Check(threshold, maxResults) is { } invalid)
        {
            return invalid;
        }

        var owner = FaceQueries.Owner(context);
        if (!await FaceRecognitionSettings.IsEnabledAsync(db, owner, cancellationToken))
        {
            return FaceQueries.RecognitionOff();
        }

        var read = await PhotoUploadEndpoint.ReadFilesAsync(context, photos.Value, maxFiles: 1, cancellationToken);
        if (read.Invalid is { } badPart)
        {
            return badPart;
        }

        if (read.Problem is { } problem)
        {
            return problem;
        }

        ImageSearchResult? found;
        try
        {
            // The photo is analysed and forgotten: nothing of it is stored.
            found = await matcher.SearchByImageAsync(
                db, owner, read.Files![0].Content, threshold ?? FaceQueries.DefaultThreshold, maxResults ?? DefaultMaxResults, cancellationToken);
        }
        catch (UnusableImageException ex)
        {
            return NoFace(ex.Message);
        }

        if (found is null)
        {
            return NoFace("No face was found in the photo.");
        }

        return TypedResults.Ok(new SearchFacesByImageResponse(RekognitionBox.From(found.SearchedFace), found.Confidence, Bodies(found.Matches)));

        static ValidationProblem NoFace(string message) =>
            TypedResults.ValidationProblem(new Dictionary<string, string[]> { [PhotoUploadEndpoint.FilePartName] = [message] });
    }

    private static List<FaceMatchBody> Bodies(IEnumerable<MatchedFace> matches) =>
    [
        .. matches.Select(m => new FaceMatchBody(m.Similarity, new FoundFaceBody(m.Face.FaceId, m.Face.PhotoId, RekognitionBox.From(m.Face.BoundingBox), m.Face.Confidence))),
    ];

    private static ValidationProblem? Check(float? threshold, int? maxResults) =>
        FaceQueries.CheckThreshold("threshold", threshold)
        ?? (maxResults is < 1 or > MaxMaxResults
            ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["maxResults"] = [$"maxResults must be between 1 and {MaxMaxResults}."] })
            : null);
}
