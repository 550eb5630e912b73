using System.Collections.Concurrent;
using FaceAspire.Api.Analysis;
using FaceAspire.Api.Infrastructure;
using FaceAspire.Vision.Attributes;
using FaceAspire.Vision.Identity;
using FaceAspire.Vision.Rekognition;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FaceAspire.Api.Faces;

/// <summary>A face in an owner's index: where it is (box as shares of the photo), and how sure the detector was.</summary>
public readonly record struct IndexedFace(Guid FaceId, Guid PhotoId, float Width, float Height, float Left, float Top, float Confidence)
{
    public BoundingBox BoundingBox => new(Width, Height, Left, Top);
}

/// <summary>
/// One owner's faces with descriptors as of <see cref="Version"/>: row <c>i</c> of <see cref="Matrix"/> is
/// <see cref="Faces"/>[i]. Immutable once built, so any number of searches read it at once.
/// </summary>
public sealed class OwnerFaceIndex(Guid ownerId, long version, EmbeddingMatrix matrix, IReadOnlyList<IndexedFace> faces)
{
    private readonly Dictionary<Guid, int> _rows = Rows(faces);

    public Guid OwnerId { get; } = ownerId;

    public long Version { get; } = version;

    public EmbeddingMatrix Matrix { get; } = matrix;

    public IReadOnlyList<IndexedFace> Faces { get; } = faces;

    /// <summary>Approximate bytes held: half-precision rows plus the per-face record (56) and lookup entry (~36).</summary>
    public long ApproximateBytes => Matrix.ValueBytes + (Faces.Count * 92L);

    internal long LastUsed { get; set; }

    /// <summary>The row of <paramref name="faceId"/>, or -1 when the face is not in the index.</summary>
    public int RowOf(Guid faceId) => _rows.GetValueOrDefault(faceId, -1);

    /// <summary>The descriptor of row <paramref name="row"/> in single precision.</summary>
    public float[] Descriptor(int row)
    {
        var query = new float[Matrix.Dimensions];
        System.Numerics.Tensors.TensorPrimitives.ConvertToSingle(Matrix.Row(row), query);
        return query;
    }

    /// <summary>
    /// Exact cosine search: the faces whose calibrated similarity to <paramref name="query"/> reaches
    /// <paramref name="threshold"/>, best first, at most <paramref name="maxResults"/>, leaving out the faces
    /// <paramref name="skip"/> names (the searched face itself, faces outside a collection).
    /// </summary>
    public IEnumerable<(IndexedFace Face, float Similarity)> Search(float[] query, float threshold, int maxResults, Func<IndexedFace, bool>? skip = null)
    {
        var calibration = FaceQueries.Calibration;
        var matches = Matrix.Search(query, calibration.CosineFor(threshold), maxResults, skip is null ? null : row => skip(Faces[row]));
        return matches.Select(m => (Faces[m.Row], calibration.Similarity(m.Cosine)));
    }

    private static Dictionary<Guid, int> Rows(IReadOnlyList<IndexedFace> faces)
    {
        var rows = new Dictionary<Guid, int>(faces.Count);
        for (var i = 0; i < faces.Count; i++)
        {
            rows[faces[i].FaceId] = i;
        }

        return rows;
    }
}

/// <summary>
/// The per-owner in-memory search index. An owner's faces are loaded from PostgreSQL on first use; each later use reads
/// the owner's <see cref="FaceOwnerState.IndexVersion"/> (one indexed row) and reloads when it moved, which database
/// triggers do for every face added or removed on any API instance, so all replicas answer from current data without
/// talking to each other. Only faces with a descriptor from the running engine's version are indexed, and only those of
/// the photo's current analysis: descriptors of two engine versions are never compared (an embedder change keeps their
/// length, not their meaning), and <see cref="EmbeddingBackfillService"/> re-analyses photos of an older version.
/// Indexes are per owner and never mixed: a search can only return the searching owner's faces.
/// </summary>
public sealed class FaceIndex(IOptions<FacesOptions> options, TimeProvider time, IFaceEngine engine)
{
    private readonly ConcurrentDictionary<Guid, OwnerFaceIndex> _owners = new();
    private readonly SemaphoreSlim _loading = new(1, 1);

    /// <summary>The owner's current index.</summary>
    public async Task<OwnerFaceIndex> GetAsync(FaceAspireDbContext db, Guid ownerId, CancellationToken cancellationToken)
    {
        var version = await CurrentVersionAsync(db, ownerId, cancellationToken);
        if (_owners.TryGetValue(ownerId, out var cached) && cached.Version == version)
        {
            cached.LastUsed = time.GetTimestamp();
            return cached;
        }

        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (_owners.TryGetValue(ownerId, out cached) && cached.Version == version)
            {
                return cached;
            }

            // The version is read before the rows: a face written meanwhile can only make the index newer than its
            // version says, and the next use reloads it.
            var loaded = await LoadAsync(db, ownerId, version, cancellationToken);
            loaded.LastUsed = time.GetTimestamp();
            _owners[ownerId] = loaded;
            Evict();
            return loaded;
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>Drops the owner's index from this instance (the privacy switch; other instances see the new version).</summary>
    public void Forget(Guid ownerId) => _owners.TryRemove(ownerId, out _);

    internal static Task<long> CurrentVersionAsync(FaceAspireDbContext db, Guid ownerId, CancellationToken cancellationToken) =>
        db.FaceOwnerStates.Where(s => s.OwnerId == ownerId).Select(s => s.IndexVersion).FirstOrDefaultAsync(cancellationToken);

    private async Task<OwnerFaceIndex> LoadAsync(FaceAspireDbContext db, Guid ownerId, long version, CancellationToken cancellationToken)
    {
        var engineVersion = engine.Version;
        var rows = from f in db.PhotoFaces.AsNoTracking()
                   join p in db.Photos on f.PhotoId equals p.Id
                   join j in db.AnalysisJobs on f.PhotoId equals j.PhotoId
                   where p.OwnerId == ownerId && f.EngineVersion == j.EngineVersion && f.EngineVersion == engineVersion && f.Embedding != null
                   orderby f.Id
                   select new { f.Id, f.PhotoId, f.Embedding, f.Confidence, f.BoxWidth, f.BoxHeight, f.BoxLeft, f.BoxTop };
        var count = await rows.CountAsync(cancellationToken);
        var matrix = new EmbeddingMatrix(AlignedFaceEmbedder.DescriptorSize, count);
        var faces = new List<IndexedFace>(count);
        await foreach (var row in rows.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var halves = EmbeddingCodec.AsHalves(row.Embedding);
            if (halves.Length != matrix.Dimensions)
            {
                // A descriptor of another embedder (an older engine version's row would not be joined): skip it.
                continue;
            }

            matrix.Add(halves);
            faces.Add(new IndexedFace(row.Id, row.PhotoId, row.BoxWidth, row.BoxHeight, row.BoxLeft, row.BoxTop, row.Confidence));
        }

        return new OwnerFaceIndex(ownerId, version, matrix, faces);
    }

    private void Evict()
    {
        var excess = _owners.Count - options.Value.MaxCachedOwners;
        if (excess <= 0)
        {
            return;
        }

        foreach (var stale in _owners.Values.OrderBy(o => o.LastUsed).Take(excess).ToList())
        {
            _owners.TryRemove(stale.OwnerId, out _);
        }
    }
}
