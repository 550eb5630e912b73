using FaceAspire.Api.Analysis;
using FaceAspire.Api.Infrastructure;

namespace FaceAspire.Api.Photos;

/// <summary>A photo and its current analysis (null only for photos stored before analyses existed).</summary>
/// <remarks>Init properties rather than a constructor, so EF Core can translate filters on it after the projection.</remarks>
public sealed class PhotoWithAnalysis
{
    public required Photo Photo { get; init; }

    public AnalysisJob? Job { get; init; }
}

/// <summary>The <c>filter</c> values of <c>GET /api/photos</c>, evaluated in the database.</summary>
public static class PhotoFilters
{
    /// <summary>A face counts as found at this confidence (percent), as in Rekognition's default.</summary>
    public const float FaceConfidence = 50;

    public static readonly IReadOnlyList<string> Names = ["smiling", "eyesClosed", "noFace", "failed"];

    /// <summary>The filtered query, or null when <paramref name="filter"/> is not a known name.</summary>
    public static IQueryable<PhotoWithAnalysis>? Apply(IQueryable<PhotoWithAnalysis> photos, FaceAspireDbContext db, string? filter) => filter switch
    {
        null or "" => photos,
        // Faces of the engine version of the current result only: an older result's rows do not count.
        "smiling" => photos.Where(p => p.Job!.Status == AnalysisStatus.Succeeded && db.PhotoFaces.Any(
            f => f.PhotoId == p.Photo.Id && f.EngineVersion == p.Job.EngineVersion && f.Smile == true)),
        "eyesClosed" => photos.Where(p => p.Job!.Status == AnalysisStatus.Succeeded && db.PhotoFaces.Any(
            f => f.PhotoId == p.Photo.Id && f.EngineVersion == p.Job.EngineVersion && f.EyesOpen == false)),
        "noFace" => photos.Where(p => p.Job!.Status == AnalysisStatus.Succeeded
            && (p.Job.BestConfidence == null || p.Job.BestConfidence < FaceConfidence)),
        "failed" => photos.Where(p => p.Job!.Status == AnalysisStatus.Failed),
        _ => null,
    };
}
