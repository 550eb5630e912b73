using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using FaceAspire.Api.Faces;
using FaceAspire.Api.Infrastructure;
using FaceAspire.Api.Reviews;
using FaceAspire.Api.Storage;
using FaceAspire.Vision.Identity;
using FaceAspire.Vision.Rekognition;
using Microsoft.EntityFrameworkCore;

namespace FaceAspire.Api.Analysis;

/// <summary>
/// Stores one finished analysis twice: the <c>{"FaceDetails":[...]}</c> object under <see cref="ObjectKeys.ResultsPrefix"/>
/// and one <c>photo_faces</c> row per face, the rows together with the job's completion and whatever the review policy
/// (<see cref="ReviewFlagging"/>) adds for the result, all in one database transaction, inside which the object is
/// written. The object key is derived from
/// the photo and engine version and the rows of that pair are replaced, so a retried attempt overwrites rather than
/// duplicates. Each face row keeps the face's identity descriptor (half precision, <see cref="EmbeddingCodec"/>) unless
/// the owner turned face recognition off; the rows' triggers move the owner's face index version on.
/// </summary>
public sealed partial class AnalysisResultWriter(
    FaceAspireDbContext db,
    IObjectStore store,
    ReviewFlagging reviews,
    ObjectDeleter deleter,
    IFaceMatcher matcher,
    TimeProvider time)
{
    /// <summary>This API instance, recorded with each result it stores: host name and process id.</summary>
    public static string InstanceName { get; } = $"{Environment.MachineName}/{Environment.ProcessId}";

    /// <summary>
    /// Stores the result; false when the claim was lost (the job was claimed again or deleted) and nothing was committed.
    /// Each face's Rekognition face id, where the matcher recorded one, is kept only while the owner has recognition
    /// on. Rekognition faces of the rows this result replaces, or that are not kept, go to the deletion
    /// outbox in the same transaction.
    /// </summary>
    public async Task<bool> StoreAsync(ClaimedJob job, string engineVersion, IReadOnlyList<MatchableFace> analyzed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(analyzed);
        var faces = analyzed.Select(f => f.Face.Detail).ToList();
        var key = ObjectKeys.Result(job.PhotoId, ResultName(engineVersion));
        var now = time.GetUtcNow();
        var best = faces.Count == 0 ? (float?)null : faces.Max(f => f.Confidence);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var completed = await db.AnalysisJobs
            .Where(j => j.PhotoId == job.PhotoId && j.LeaseToken == job.LeaseToken && j.Status == AnalysisStatus.Running)
            .ExecuteUpdateAsync(
                set => set.SetProperty(j => j.Status, AnalysisStatus.Succeeded)
                    .SetProperty(j => j.CompletedAt, now)
                    .SetProperty(j => j.EngineVersion, engineVersion)
                    .SetProperty(j => j.ResultKey, key)
                    .SetProperty(j => j.FaceCount, faces.Count)
                    .SetProperty(j => j.BestConfidence, best)
                    .SetProperty(j => j.LeaseToken, (Guid?)null)
                    .SetProperty(j => j.LeaseUntil, (DateTimeOffset?)null)
                    .SetProperty(j => j.Error, (string?)null)
                    .SetProperty(j => j.CompletedBy, InstanceName),
                cancellationToken);
        if (completed == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return false;
        }

        // Written while the update above holds the job's row lock, so a worker that lost its lease (or a photo deleted
        // meanwhile) never gets here, and no other worker can complete the job before this transaction ends. Should
        // the commit fail, the object stays under its fixed key and the retry overwrites it.
        await store.PutAsync(key, Serialize(faces), "application/json", cancellationToken);

        var previous = await db.PhotoFaces.AsNoTracking().Where(f => f.PhotoId == job.PhotoId).ToListAsync(cancellationToken);
        await db.PhotoFaces.Where(f => f.PhotoId == job.PhotoId && f.EngineVersion == engineVersion).ExecuteDeleteAsync(cancellationToken);
        var recognition = analyzed.Count > 0 && await FaceRecognitionSettings.IsEnabledForPhotoAsync(db, job.PhotoId, cancellationToken);
        db.PhotoFaces.AddRange(analyzed.Select((face, index) =>
            FaceContinuity.Carry(ToRow(job.PhotoId, engineVersion, index, face, recognition), previous)));
        var dropped = previous.Where(f => f.EngineVersion == engineVersion).Select(f => f.RekognitionFaceId)
            .Concat(recognition ? [] : analyzed.Select(f => f.RekognitionFaceId))
            .OfType<string>().Except(recognition ? analyzed.Select(f => f.RekognitionFaceId).OfType<string>() : []).ToList();
        var forgotten = dropped.Count == 0 ? [] : deleter.Schedule(matcher.Forget(
            await db.Photos.Where(p => p.Id == job.PhotoId).Select(p => p.OwnerId).SingleAsync(cancellationToken), dropped));
        await reviews.ReviewResultAsync(job.PhotoId, faces, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (forgotten.Count > 0)
        {
            await deleter.DeleteNowAsync(forgotten);
        }

        return true;
    }

    /// <summary>The stored result object: Rekognition's DetectFaces response shape.</summary>
    public static byte[] Serialize(IEnumerable<FaceDetail> faces)
    {
        var details = JsonSerializer.Serialize([.. faces], RekognitionJsonContext.Default.IReadOnlyListFaceDetail);
        return Encoding.UTF8.GetBytes($$"""{"FaceDetails":{{details}}}""");
    }

    private static PhotoFace ToRow(Guid photoId, string engineVersion, int index, MatchableFace analyzed, bool recognition) => ToRow(
        photoId,
        engineVersion,
        index,
        analyzed.Face.Detail,
        recognition && analyzed.Face.Embedding is { } e ? EmbeddingCodec.Encode(e) : null,
        recognition ? analyzed.RekognitionFaceId : null);

    private static PhotoFace ToRow(Guid photoId, string engineVersion, int index, FaceDetail face, byte[]? embedding, string? rekognitionFaceId) => new()
    {
        Embedding = embedding,
        RekognitionFaceId = rekognitionFaceId,
        PhotoId = photoId,
        EngineVersion = engineVersion,
        FaceIndex = index,
        Confidence = face.Confidence,
        BoxLeft = face.BoundingBox.Left,
        BoxTop = face.BoundingBox.Top,
        BoxWidth = face.BoundingBox.Width,
        BoxHeight = face.BoundingBox.Height,
        Smile = face.Smile?.Value,
        EyesOpen = face.EyesOpen?.Value,
        Detail = JsonSerializer.Serialize(face, RekognitionJsonContext.Default.FaceDetail),
    };

    /// <summary>An object-key-safe name for an engine version.</summary>
    internal static string ResultName(string engineVersion) =>
        "faces-" + UnsafeKeyCharacters().Replace(engineVersion.ToLowerInvariant(), "-");

    [GeneratedRegex("[^a-z0-9._-]")]
    private static partial Regex UnsafeKeyCharacters();
}
