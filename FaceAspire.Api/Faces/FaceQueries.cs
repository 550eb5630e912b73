using FaceAspire.Api.Accounts;
using FaceAspire.Api.Analysis;
using FaceAspire.Api.Infrastructure;
using FaceAspire.Vision.Calibration;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FaceAspire.Api.Faces;

/// <summary>Queries and answers shared by the face endpoints; every query is scoped to one owner.</summary>
internal static class FaceQueries
{
    /// <summary>Rekognition's default similarity threshold.</summary>
    public const float DefaultThreshold = SimilarityCalibration.ThresholdSimilarity;

    /// <summary>The owner's faces of each photo's current analysis (its engine version).</summary>
    public static IQueryable<PhotoFace> CurrentFaces(FaceAspireDbContext db, Guid ownerId) =>
        from f in db.PhotoFaces
        join p in db.Photos on f.PhotoId equals p.Id
        join j in db.AnalysisJobs on f.PhotoId equals j.PhotoId
        where p.OwnerId == ownerId && f.EngineVersion == j.EngineVersion
        select f;

    public static Guid Owner(HttpContext context) => CurrentUser.Id(context.User);

    /// <summary>The engine's similarity calibration; every shipped engine has one.</summary>
    public static SimilarityCalibration Calibration => FittedCalibration.Similarity
        ?? throw new InvalidOperationException("This engine build has no similarity calibration.");

    public static ProblemHttpResult RecognitionOff() => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict,
        title: "Face recognition is off.",
        detail: "Face recognition is turned off for this account; turn it on in the account settings to compare, search and group faces.");

    public static ProblemHttpResult DescriptorPending() => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict,
        title: "The face is not searchable yet.",
        detail: "This face was analysed before face search existed; it is being re-analysed in the background. Try again later.");

    /// <summary>A validation problem for a threshold outside 0-100, or null.</summary>
    public static ValidationProblem? CheckThreshold(string name, float? threshold) => threshold is < 0 or > 100 or float.NaN
        ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { [name] = [$"{name} must be between 0 and 100."] })
        : null;

    public static FaceBox Box(PhotoFace face) => new(face.BoxWidth, face.BoxHeight, face.BoxLeft, face.BoxTop);

    public static PersonFaceResponse ToResponse(PhotoFace face) =>
        new(face.Id, face.PhotoId, Box(face), face.PersonId, face.PersonLocked);
}
