using FaceAspire.Api.Analysis;
using FaceAspire.Api.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace FaceAspire.Api.Faces;

/// <summary>
/// <c>POST /api/compare</c>: Rekognition CompareFaces over two of the user's analysed photos, through the engine's
/// <see cref="IFaceMatcher"/> (the local one compares the stored descriptors, no engine run). A photo, or a source
/// face, of another user is 404.
/// </summary>
internal static class CompareEndpoint
{
    public static async Task<Results<Ok<CompareFacesResponse>, NotFound, ValidationProblem, ProblemHttpResult>> CompareAsync(
        CompareRequest request, HttpContext context, FaceAspireDbContext db, IFaceMatcher matcher, CancellationToken cancellationToken)
    {
        if (FaceQueries.CheckThreshold("similarityThreshold", request.SimilarityThreshold) is { } invalid)
        {
            return invalid;
        }

        var owner = FaceQueries.Owner(context);
        var photoIds = new[] { request.SourcePhotoId, request.TargetPhotoId };
        var jobs = await db.AnalysisJobs.AsNoTracking()
            .Where(j => photoIds.Contains(j.PhotoId) && db.Photos.Any(p => p.Id == j.PhotoId && p.OwnerId == owner))
            .Select(j => new { j.PhotoId, j.Status })
            .ToListAsync(cancellationToken);
        if (photoIds.Any(id => jobs.All(j => j.PhotoId != id)))
        {
            return TypedResults.NotFound();
        }

        if (!await FaceRecognitionSettings.IsEnabledAsync(db, owner, cancellationToken))
        {
            return FaceQueries.RecognitionOff();
        }

        if (jobs.Any(j => j.Status != AnalysisStatus.Succeeded))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "The analysis has not finished.",
                detail: "Both photos must be analysed before they can be compared; try again when their analysis has succeeded.");
        }

        var faces = await FaceQueries.CurrentFaces(db, owner).AsNoTracking()
            .Where(f => photoIds.Contains(f.PhotoId))
            .OrderBy(f => f.FaceIndex)
            .ToListAsync(cancellationToken);
        var sourceFaces = faces.Where(f => f.PhotoId == request.SourcePhotoId).ToList();
        PhotoFace? source;
        if (request.SourceFaceId is { } sourceFaceId)
        {
            source = sourceFaces.FirstOrDefault(f => f.Id == sourceFaceId);
            if (source is null)
            {
                return TypedResults.NotFound();
            }
        }
        else if ((source = sourceFaces.FirstOrDefault()) is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["sourcePhotoId"] = ["No face was found in the source photo."],
            });
        }

        var targets = faces.Where(f => f.PhotoId == request.TargetPhotoId).ToList();
        var threshold = request.SimilarityThreshold ?? FaceQueries.DefaultThreshold;
        var scored = await matcher.CompareAsync(
            db, new ComparedPhotos(request.SourcePhotoId, request.TargetPhotoId, source, sourceFaces, targets), threshold, cancellationToken);
        if (scored is null)
        {
            return FaceQueries.DescriptorPending();
        }

        return TypedResults.Ok(new CompareFacesResponse(
            Compared(source),
            [.. scored.Where(s => s.Similarity >= threshold).OrderByDescending(s => s.Similarity).Select(s => new CompareMatchBody(s.Similarity!.Value, Compared(s.Face)))],
            [.. scored.Where(s => !(s.Similarity >= threshold)).Select(s => Compared(s.Face))]));
    }

    private static ComparedFaceBody Compared(PhotoFace face) =>
        new(new RekognitionBox(face.BoxWidth, face.BoxHeight, face.BoxLeft, face.BoxTop), face.Confidence, face.Id);
}
