using FaceAspire.Api.Analysis;
using FaceAspire.Api.Infrastructure;
using FaceAspire.Vision.Identity;
using FaceAspire.Vision.Pipeline;

namespace FaceAspire.Api.Faces;

/// <summary>
/// <see cref="IFaceMatcher"/> over FaceAspire's own identity descriptors: the engine describes every face, descriptors
/// are stored with the face rows, and search, compare and people read them through the owner's <see cref="FaceIndex"/>
/// (exact cosine search on calibrated similarities). Nothing is kept outside PostgreSQL.
/// </summary>
public sealed class LocalFaceMatcher(IFaceEngine engine, FaceIndex index) : IFaceMatcher
{
    public Task<IReadOnlyList<MatchableFace>> AnalyzeAsync(PhotoToAnalyze photo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(photo);
        // The worker runs the engine on its own thread, as before the matcher existed.
        IReadOnlyList<MatchableFace> faces = [.. engine.Analyze(photo.Image, photo.Pixels, cancellationToken).Select(face => new MatchableFace(face))];
        return Task.FromResult(faces);
    }

    public async Task<IReadOnlyList<MatchedFace>?> SearchAsync(
        FaceAspireDbContext db, Guid ownerId, Guid faceId, float threshold, int maxResults, CancellationToken cancellationToken)
    {
        var faces = await index.GetAsync(db, ownerId, cancellationToken);
        var row = faces.RowOf(faceId);
        return row < 0 ? null : Search(faces, faces.Descriptor(row), threshold, maxResults, faceId);
    }

    public async Task<ImageSearchResult?> SearchByImageAsync(
        FaceAspireDbContext db, Guid ownerId, byte[] image, float threshold, int maxResults, CancellationToken cancellationToken)
    {
        // The photo is analysed and forgotten: nothing of it is stored.
        var found = await Task.Run(() => engine.Analyze(image, cancellationToken), cancellationToken);
        if (found.Count == 0 || found[0].Embedding is not { } embedding)
        {
            return null;
        }

        var faces = await index.GetAsync(db, ownerId, cancellationToken);
        return new ImageSearchResult(found[0].Detail.BoundingBox, found[0].Detail.Confidence, Search(faces, embedding, threshold, maxResults, null));
    }

    public Task<IReadOnlyList<ComparedTarget>?> CompareAsync(FaceAspireDbContext db, ComparedPhotos photos, float threshold, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(photos);
        if (photos.Source.Embedding is null || photos.TargetFaces.Any(t => t.Embedding is null))
        {
            return Task.FromResult<IReadOnlyList<ComparedTarget>?>(null);
        }

        var source = EmbeddingCodec.Decode(photos.Source.Embedding);
        IReadOnlyList<ComparedTarget> scored = [.. photos.TargetFaces.Select(t =>
            new ComparedTarget(t, FaceQueries.Calibration.Similarity(FaceComparison.Cosine(source, EmbeddingCodec.Decode(t.Embedding!)))))];
        return Task.FromResult<IReadOnlyList<ComparedTarget>?>(scored);
    }

    public async Task<FaceGrouping> GroupingAsync(FaceAspireDbContext db, Guid ownerId, CancellationToken cancellationToken) =>
        new IndexGrouping(await index.GetAsync(db, ownerId, cancellationToken));

    public IReadOnlyList<string> Forget(Guid ownerId, IReadOnlyCollection<string>? rekognitionFaceIds) => [];

    public Task DeleteAsync(string key, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"'{key}' names a face in AWS Rekognition; deleting it needs Analysis:Engine=Rekognition.");

    private static List<MatchedFace> Search(OwnerFaceIndex faces, float[] query, float threshold, int maxResults, Guid? searchedFace) =>
        [.. faces.Search(query, threshold, maxResults, face => face.FaceId == searchedFace).Select(m => new MatchedFace(m.Face, m.Similarity))];

    private sealed class IndexGrouping(OwnerFaceIndex index) : FaceGrouping(index.Version, index.Faces)
    {
        public override Task<int[]> AssignAsync(
            int[] labels, bool[] frozen, FaceClusteringOptions settings, Func<int> addPerson, CancellationToken cancellationToken) =>
            Task.FromResult(FaceClustering.Assign(index.Matrix, labels, frozen, settings, addPerson));
    }
}
