using FaceAspire.Api.Analysis;

namespace FaceAspire.Api.Photos;

/// <summary>A photo as the API shows it.</summary>
/// <param name="Id">The photo id.</param>
/// <param name="FileName">The uploaded file name, sanitised; display metadata only.</param>
/// <param name="ContentType">Media type of the original, identified from its bytes.</param>
/// <param name="Width">Width in pixels after EXIF orientation.</param>
/// <param name="Height">Height in pixels after EXIF orientation.</param>
/// <param name="SizeBytes">Size of the original upload.</param>
/// <param name="CreatedAt">When it was uploaded.</param>
/// <param name="ContentUrl">The upright, metadata-free image.</param>
/// <param name="ThumbnailUrl">A small version for galleries.</param>
/// <param name="AnalysisStatus">pending, running, succeeded or failed.</param>
/// <param name="FaceCount">Faces found; null until the analysis succeeded.</param>
public sealed record PhotoResponse(
    Guid Id,
    string FileName,
    string ContentType,
    int Width,
    int Height,
    long SizeBytes,
    DateTimeOffset CreatedAt,
    string ContentUrl,
    string ThumbnailUrl,
    string AnalysisStatus,
    int? FaceCount)
{
    public static PhotoResponse From(Photo photo, AnalysisJob? job) => new(
        photo.Id,
        photo.FileName,
        photo.ContentType,
        photo.Width,
        photo.Height,
        photo.SizeBytes,
        photo.CreatedAt,
        $"/api/photos/{photo.Id}/content",
        $"/api/photos/{photo.Id}/content?variant=thumbnail",
        job?.Status ?? Analysis.AnalysisStatus.Pending,
        job?.Status == Analysis.AnalysisStatus.Succeeded ? job.FaceCount : null);
}

/// <summary>One page of a list.</summary>
public sealed record PagedResponse<T>(IReadOnlyList<T> Items, int Page, int PageSize, int TotalCount);

/// <summary>A file of an upload request, read into memory (bounded by <see cref="PhotoOptions.MaxFileBytes"/>).</summary>
public sealed record UploadedFile(string? FileName, byte[] Content);
