using FaceAspire.Api.Analysis;
using FaceAspire.Api.Infrastructure;
using FaceAspire.Api.Photos;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FaceAspire.Api.Faces;

/// <summary>
/// <c>POST /api/faces/{faceId}/search</c> (Rekognition SearchFaces) and <c>POST /api/search</c> (SearchFacesByImage)
/// over the signed-in user's own <see cref="FaceIndex"/>: exact cosine search, best first.
/// </summary>
internal static class SearchEndpoints
{
    public const int DefaultMaxResults = 100;
    public const int MaxMaxResults = 4096;

    public static async Task<Results<Ok<SearchFacesResponse>, NotFound, ValidationProblem, ProblemHttpResult>> SearchByFaceAsync(
        Guid faceId, SearchRequest? request, HttpContext context, FaceAspireDbContext db, FaceIndex index, CancellationToken cancellationToken)
    {
        if (Check(request?.Threshold, request?.MaxResults) is { } invalid)
        {
            return invalid;
        }

        var owner = FaceQueries.Owner(context);
        var faces = await index.GetAsync(db, owner, cancellationToken);
        var row = faces.RowOf(faceId);
        if (row < 0)
        {
            if (!await FaceQueries.CurrentFaces(db, owner).AnyAsync(f => f.Id == faceId, cancellationToken))
            {
                return TypedResults.NotFound();
            }

            return await FaceRecognitionSettings.IsEnabledAsync(db, owner, cancellationToken)
                ? FaceQueries.DescriptorPending()
                : FaceQueries.RecognitionOff();
        }

        return TypedResults.Ok(new SearchFacesResponse(faceId, Search(faces, faces.Descriptor(row), request?.Threshold, request?.MaxResults, faceId)));
    }

    public static async Task<Results<Ok<SearchFacesByImageResponse>, ValidationProblem, ProblemHttpResult>> SearchByImageAsync(
        HttpContext context, FaceAspireDbContext db, FaceIndex index, IFaceEngine engine, IOptions<PhotoOptions> photos,
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

        IReadOnlyList<Vision.Pipeline.AnalyzedFace> found;
        try
        {
            // The photo is analysed and forgotten: nothing of it is stored.
            found = await Task.Run(() => engine.Analyze(read.Files![0].Content, cancellationToken), cancellationToken);
        }
        catch (UnusableImageException ex)
        {
            return NoFace(ex.Message);
        }

        if (found.Count == 0 || found[0].Embedding is not { } embedding)
        {
            return NoFace("No face was found in the photo.");
        }

        var faces = await index.GetAsync(db, owner, cancellationToken);
        return TypedResults.Ok(new SearchFacesByImageResponse(
            RekognitionBox.From(found[0].Detail.BoundingBox), found[0].Detail.Confidence, Search(faces, embedding, threshold, maxResults, null)));

        static ValidationProblem NoFace(string message) =>
            TypedResults.ValidationProblem(new Dictionary<string, string[]> { [PhotoUploadEndpoint.FilePartName] = [message] });
    }

    private static List<FaceMatchBody> Search(OwnerFaceIndex faces, float[] query, float? threshold, int? maxResults, Guid? searchedFace) =>
    [
        .. faces.Search(query, threshold ?? FaceQueries.DefaultThreshold, maxResults ?? DefaultMaxResults, face => face.FaceId == searchedFace)
            .Select(m => new FaceMatchBody(m.Similarity, new FoundFaceBody(m.Face.FaceId, m.Face.PhotoId, RekognitionBox.From(m.Face.BoundingBox), m.Face.Confidence))),
    ];

    private static ValidationProblem? Check(float? threshold, int? maxResults) =>
        FaceQueries.CheckThreshold("threshold", threshold)
        ?? (maxResults is < 1 or > MaxMaxResults
            ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["maxResults"] = [$"maxResults must be between 1 and {MaxMaxResults}."] })
            : null);
}
