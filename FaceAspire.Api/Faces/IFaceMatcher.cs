using FaceAspire.Api.Analysis;
using FaceAspire.Api.Infrastructure;
using FaceAspire.Vision.Pipeline;

namespace FaceAspire.Api.Faces;

/// <summary>
/// A photo analysed for its owner: whose it is, its stored display image, and whether the owner has face recognition on;
/// <see cref="Pixels"/>, when the upload handed them over (<see cref="UploadHandover"/>), are exactly what decoding
/// <paramref name="Image"/> gives, and an engine that takes pixels skips that decode.
/// </summary>
public sealed record PhotoToAnalyze(Guid PhotoId, Guid OwnerId, byte[] Image, bool Recognition)
{
    public Vision.Imaging.RgbImage? Pixels { get; init; }
}

/// <summary>A face an analysis found, with what finds it again: its descriptor (local engine) or its Rekognition face id.</summary>
public sealed record MatchableFace(AnalyzedFace Face, string? RekognitionFaceId = null);

/// <summary>A face of the owner that matched a search, with its similarity (0-100).</summary>
public readonly record struct MatchedFace(IndexedFace Face, float Similarity);

/// <summary>The largest face of a searched image, and its matches among the owner's faces.</summary>
public sealed record ImageSearchResult(Vision.Rekognition.BoundingBox SearchedFace, float Confidence, IReadOnlyList<MatchedFace> Matches);

/// <summary>The two photos of <c>POST /api/compare</c>: the chosen source face, and every face of each photo (largest first).</summary>
public sealed record ComparedPhotos(
    Guid SourcePhotoId, Guid TargetPhotoId, PhotoFace Source, IReadOnlyList<PhotoFace> SourceFaces, IReadOnlyList<PhotoFace> TargetFaces);

/// <summary>A target face of a comparison; <see cref="Similarity"/> null when the matcher only says it did not match.</summary>
public sealed record ComparedTarget(PhotoFace Face, float? Similarity);

/// <summary>
/// One owner's faces as people clustering sees them: the faces that can be grouped (<see cref="Faces"/>, as of
/// <see cref="Version"/>), and how to group them.
/// </summary>
public abstract class FaceGrouping(long version, IReadOnlyList<IndexedFace> faces)
{
    public long Version { get; } = version;

    public IReadOnlyList<IndexedFace> Faces { get; } = faces;

    /// <summary>
    /// The person label of every face: faces with a label (<paramref name="labels"/>, or <see cref="Vision.Identity.FaceClustering.None"/>)
    /// and frozen faces keep theirs; the others join a person or form new ones through <paramref name="addPerson"/>.
    /// </summary>
    public abstract Task<int[]> AssignAsync(
        int[] labels, bool[] frozen, Vision.Identity.FaceClusteringOptions settings, Func<int> addPerson, CancellationToken cancellationToken);
}

/// <summary>
/// How the faces features (search by face or image, compare, people) find the same person across photos; chosen by
/// <c>Analysis:Engine</c> together with the engine. The local matcher works on FaceAspire's own descriptors (the
/// per-owner <see cref="FaceIndex"/>); the Rekognition matcher on AWS Rekognition's own face matching: a collection
/// per owner, IndexFaces at analysis, SearchFaces, SearchFacesByImage and CompareFaces. Every method is scoped to one
/// owner and only ever returns that owner's faces.
/// </summary>
public interface IFaceMatcher
{
    /// <summary>
    /// The photo's faces, largest first, each with what finds it again when <see cref="PhotoToAnalyze.Recognition"/>
    /// is on. A matcher that records faces outside PostgreSQL (Rekognition) hands back the ids it recorded through
    /// <see cref="Forget"/> when the result is not stored.
    /// </summary>
    /// <exception cref="UnusableImageException">The image cannot be analysed; retrying will not help.</exception>
    Task<IReadOnlyList<MatchableFace>> AnalyzeAsync(PhotoToAnalyze photo, CancellationToken cancellationToken);

    /// <summary>
    /// The owner's faces like <paramref name="faceId"/>, best first, the face itself left out; null when the face
    /// cannot be searched (not the owner's, not described yet, or recognition off: the caller tells which).
    /// </summary>
    Task<IReadOnlyList<MatchedFace>?> SearchAsync(
        FaceAspireDbContext db, Guid ownerId, Guid faceId, float threshold, int maxResults, CancellationToken cancellationToken);

    /// <summary>The largest face of an image that is not stored, and the owner's faces like it; null when it has no face.</summary>
    /// <exception cref="UnusableImageException">The image cannot be analysed.</exception>
    Task<ImageSearchResult?> SearchByImageAsync(
        FaceAspireDbContext db, Guid ownerId, byte[] image, float threshold, int maxResults, CancellationToken cancellationToken);

    /// <summary>Every target face with its similarity to the source face; null while a face still awaits its descriptor.</summary>
    Task<IReadOnlyList<ComparedTarget>?> CompareAsync(FaceAspireDbContext db, ComparedPhotos photos, float threshold, CancellationToken cancellationToken);

    /// <summary>The owner's faces for people clustering.</summary>
    Task<FaceGrouping> GroupingAsync(FaceAspireDbContext db, Guid ownerId, CancellationToken cancellationToken);

    /// <summary>
    /// Outbox keys (<see cref="Storage.ObjectDeletion"/>) that delete the given matcher records (Rekognition face ids of
    /// one owner, or with none the owner's whole collection); empty when the matcher keeps nothing outside PostgreSQL.
    /// </summary>
    IReadOnlyList<string> Forget(Guid ownerId, IReadOnlyCollection<string>? rekognitionFaceIds);

    /// <summary>Carries out one outbox key of <see cref="Forget"/>; done when it returns (already gone counts as done).</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken);
}

/// <summary>
/// The matching service (AWS Rekognition) failed the request: <see cref="Transient"/> for throttling, outages and
/// timeouts (503, retry later), otherwise it refused it (502, the operator must look: credentials, permissions).
/// </summary>
public sealed class FaceMatchingUnavailableException(string message, bool transient, Exception? inner = null) : Exception(message, inner)
{
    public bool Transient { get; } = transient;
}
