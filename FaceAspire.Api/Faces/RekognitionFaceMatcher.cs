using FaceAspire.Api.Analysis;
using FaceAspire.Api.Imaging;
using FaceAspire.Api.Infrastructure;
using FaceAspire.Api.Rekognition;
using FaceAspire.Api.Storage;
using FaceAspire.Vision.Identity;
using FaceAspire.Vision.Pipeline;
using Microsoft.EntityFrameworkCore;
using SkiaSharp;
using BoundingBox = FaceAspire.Vision.Rekognition.BoundingBox;
using RekognitionCompareFacesResponse = FaceAspire.Api.Rekognition.CompareFacesResponse;
using RekognitionSearchFacesByImageResponse = FaceAspire.Api.Rekognition.SearchFacesByImageResponse;
using RekognitionSearchFacesResponse = FaceAspire.Api.Rekognition.SearchFacesResponse;

namespace FaceAspire.Api.Faces;

/// <summary>
/// <see cref="IFaceMatcher"/> over AWS Rekognition's own face matching (<c>Analysis:Engine=Rekognition</c>). Each
/// owner has one collection (<see cref="AnalysisRekognitionOptions.CollectionOf"/>, created on first need). The
/// analysis is one IndexFaces call (every attribute, no quality filter, <c>ExternalImageId</c> = the photo id) whose
/// FaceDetails are the result and whose FaceIds are kept on the face rows; with recognition off it is DetectFaces and
/// nothing is indexed. Search is SearchFaces / SearchFacesByImage, whose FaceIds are mapped back to the owner's rows
/// (ids no row of the owner holds are dropped); compare is CompareFaces on the two photos' display images; people are
/// grouped by <see cref="FaceClustering"/>'s rule over SearchFaces matches. Faces leave the collection through the
/// deletion outbox (<see cref="Forget"/>, <see cref="DeleteAsync"/>).
/// </summary>
public sealed class RekognitionFaceMatcher(
    RekognitionServiceClient client, RekognitionFaceEngine engine, ImageProcessor images, IObjectStore store, AnalysisRekognitionOptions settings)
    : IFaceMatcher
{
    /// <summary>Outbox keys of this matcher: <c>rekognition/&lt;collection&gt;/</c> or <c>rekognition/&lt;collection&gt;/faces/&lt;FaceId&gt;</c>.</summary>
    public const string KeyPrefix = ObjectKeys.RekognitionPrefix;

    /// <summary>Rekognition indexes at most the 100 largest faces of an image; the others never get a face id.</summary>
    public const int MaxIndexedFaces = 100;

    private const int MaxFaces = 4096;

    // Share of a chosen source face's box added on each side when it is cut out for CompareFaces.
    private const float CropMargin = 0.3f;

    // Least overlap of a box Rekognition answers with a stored face's box for the two to be taken as one face.
    private const float MinOverlap = 0.3f;

    /// <summary>The similarity people are grouped at: FaceClustering's cosine on the shipped calibration (about 95).</summary>
    public static float GroupingSimilarity => FaceQueries.Calibration.Similarity(FaceClusteringOptions.Default.MinCosine);

    public async Task<IReadOnlyList<MatchableFace>> AnalyzeAsync(PhotoToAnalyze photo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(photo);
        if (!photo.Recognition)
        {
            return [.. engine.Analyze(photo.Image, cancellationToken).Select(face => new MatchableFace(face))];
        }

        var collection = settings.CollectionOf(photo.OwnerId);
        var indexed = await InCollectionAsync(collection, create: true, () => engine.CallAsync<IndexFacesRequest, IndexFacesResponse>(
            "IndexFaces",
            bytes => new IndexFacesRequest(collection, new ImageBody(bytes, null), photo.PhotoId.ToString("N"), ["ALL"], null, "NONE"),
            photo.Image,
            cancellationToken), cancellationToken);
        return RekognitionFaceEngine.LargestFirst(
            indexed!.FaceRecords.Select(r => new MatchableFace(new AnalyzedFace(r.FaceDetail, null), r.Face.FaceId.ToString()))
                .Concat(indexed.UnindexedFaces.Select(u => new MatchableFace(new AnalyzedFace(u.FaceDetail, null)))),
            face => face.Face.Detail);
    }

    public async Task<IReadOnlyList<MatchedFace>?> SearchAsync(
        FaceAspireDbContext db, Guid ownerId, Guid faceId, float threshold, int maxResults, CancellationToken cancellationToken)
    {
        var searched = await FaceQueries.CurrentFaces(db, ownerId).Where(f => f.Id == faceId && f.RekognitionFaceId != null)
            .Select(f => f.RekognitionFaceId).FirstOrDefaultAsync(cancellationToken);
        if (searched is null)
        {
            return null;
        }

        var response = await SearchFacesAsync(settings.CollectionOf(ownerId), searched, threshold, cancellationToken);
        return await OwnedAsync(db, ownerId, response, faceId, maxResults, cancellationToken);
    }

    public async Task<ImageSearchResult?> SearchByImageAsync(
        FaceAspireDbContext db, Guid ownerId, byte[] image, float threshold, int maxResults, CancellationToken cancellationToken)
    {
        var collection = settings.CollectionOf(ownerId);
        RekognitionSearchFacesByImageResponse? response;
        try
        {
            response = await InCollectionAsync(collection, create: false, () => engine.CallAsync<SearchFacesByImageRequest, RekognitionSearchFacesByImageResponse>(
                "SearchFacesByImage", bytes => new SearchFacesByImageRequest(collection, new ImageBody(bytes, null), MaxFaces, threshold, "NONE"),
                image, cancellationToken), cancellationToken);
        }
        catch (UnusableImageException ex) when (ex.InnerException is RekognitionException { ErrorName: "InvalidParameterException" })
        {
            // Rekognition's answer to an image without a face.
            return null;
        }

        if (response is null)
        {
            // No collection yet: nothing to match, but the searched face is still reported.
            var found = await Task.Run(() => engine.Analyze(image, cancellationToken), cancellationToken);
            return found.Count == 0 ? null : new ImageSearchResult(found[0].Detail.BoundingBox, found[0].Detail.Confidence, []);
        }

        return new ImageSearchResult(
            response.SearchedFaceBoundingBox,
            response.SearchedFaceConfidence,
            await OwnedAsync(db, ownerId, response.FaceMatches, null, maxResults, cancellationToken));
    }

    public async Task<IReadOnlyList<ComparedTarget>?> CompareAsync(
        FaceAspireDbContext db, ComparedPhotos photos, float threshold, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(photos);
        var keys = await db.Photos.AsNoTracking().Where(p => p.Id == photos.SourcePhotoId || p.Id == photos.TargetPhotoId)
            .ToDictionaryAsync(p => p.Id, p => p.DisplayKey, cancellationToken);
        var source = await ReadAsync(keys[photos.SourcePhotoId], cancellationToken);
        if (photos.SourceFaces.Count > 0 && photos.SourceFaces[0].Id != photos.Source.Id)
        {
            // CompareFaces compares the largest face of the source image: another face is cut out with its surroundings.
            source = Crop(source, photos.Source);
        }

        var target = await ReadAsync(keys[photos.TargetPhotoId], cancellationToken);
        RekognitionCompareFacesResponse response;
        try
        {
            response = await Call(() => engine.CallAsync<CompareFacesRequest, RekognitionCompareFacesResponse>(
                "CompareFaces",
                sourceBytes => new CompareFacesRequest(
                    new ImageBody(sourceBytes, null), new ImageBody(images.FitWithin(target, RekognitionImages.MaxBytes), null), threshold, "NONE"),
                source,
                cancellationToken));
        }
        catch (UnusableImageException ex) when (ex.InnerException is RekognitionException { ErrorName: "InvalidParameterException" })
        {
            // Rekognition found no face in the source image: nothing in the target matches it.
            return [.. photos.TargetFaces.Select(t => new ComparedTarget(t, null))];
        }
        catch (UnusableImageException ex)
        {
            throw new FaceMatchingUnavailableException(ex.Message, transient: false, ex);
        }

        var similarities = new Dictionary<Guid, float>();
        var unclaimed = photos.TargetFaces.ToList();
        foreach (var match in response.FaceMatches.OrderByDescending(m => m.Similarity))
        {
            if (Claim(unclaimed, match.Face.BoundingBox) is { } face)
            {
                similarities[face.Id] = match.Similarity;
            }
        }

        return [.. photos.TargetFaces.Select(t => new ComparedTarget(t, similarities.TryGetValue(t.Id, out var s) ? s : null))];
    }

    public async Task<FaceGrouping> GroupingAsync(FaceAspireDbContext db, Guid ownerId, CancellationToken cancellationToken)
    {
        // The version is read before the rows, as the local index does: a face written meanwhile makes the next run look again.
        var version = await FaceIndex.CurrentVersionAsync(db, ownerId, cancellationToken);
        var rows = await FaceQueries.CurrentFaces(db, ownerId).AsNoTracking().Where(f => f.RekognitionFaceId != null)
            .OrderBy(f => f.Id)
            .Select(f => new { f.Id, f.PhotoId, f.RekognitionFaceId, f.BoxWidth, f.BoxHeight, f.BoxLeft, f.BoxTop, f.Confidence })
            .ToListAsync(cancellationToken);
        return new SearchGrouping(
            this,
            settings.CollectionOf(ownerId),
            version,
            [.. rows.Select(r => new IndexedFace(r.Id, r.PhotoId, r.BoxWidth, r.BoxHeight, r.BoxLeft, r.BoxTop, r.Confidence))],
            [.. rows.Select(r => r.RekognitionFaceId!)]);
    }

    public IReadOnlyList<string> Forget(Guid ownerId, IReadOnlyCollection<string>? rekognitionFaceIds)
    {
        var folder = $"{KeyPrefix}{settings.CollectionOf(ownerId)}/";
        return rekognitionFaceIds is null ? [folder] : [.. rekognitionFaceIds.Select(id => $"{folder}faces/{id}")];
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var parts = key[KeyPrefix.Length..].Split('/');
        if (!key.StartsWith(KeyPrefix, StringComparison.Ordinal) || parts is not ([_, ""] or [_, "faces", _]))
        {
            throw new ArgumentException($"'{key}' is not a Rekognition outbox key.", nameof(key));
        }

        try
        {
            if (parts.Length == 2)
            {
                await client.SendAsync<CollectionRequest, DeleteCollectionResponse>("DeleteCollection", new CollectionRequest(parts[0]), cancellationToken);
            }
            else
            {
                await client.SendAsync<DeleteFacesRequest, DeleteFacesResponse>(
                    "DeleteFaces", new DeleteFacesRequest(parts[0], [parts[2]]), cancellationToken);
            }
        }
        catch (RekognitionException error) when (error.ErrorName == "ResourceNotFoundException")
        {
            // The collection is gone, and with it the face.
        }
    }

    /// <summary>
    /// SearchFaces in the collection; no matches when the collection does not exist or no longer holds the face (its
    /// deletion is on its way through the outbox).
    /// </summary>
    private async Task<IReadOnlyList<FaceMatch>> SearchFacesAsync(string collection, string faceId, float threshold, CancellationToken cancellationToken)
    {
        try
        {
            var response = await InCollectionAsync(collection, create: false, () => client.SendAsync<SearchFacesRequest, RekognitionSearchFacesResponse>(
                "SearchFaces", new SearchFacesRequest(collection, faceId, MaxFaces, threshold), cancellationToken), cancellationToken);
            return response?.FaceMatches ?? [];
        }
        catch (FaceMatchingUnavailableException ex) when (ex.InnerException is RekognitionException { ErrorName: "InvalidParameterException" })
        {
            return [];
        }
    }

    /// <summary>
    /// The owner's current faces behind Rekognition's matches, best first, at most <paramref name="maxResults"/>:
    /// faces of rows since deleted, of an older analysis, or of no row of this owner are left out.
    /// </summary>
    private static async Task<List<MatchedFace>> OwnedAsync(
        FaceAspireDbContext db, Guid ownerId, IReadOnlyList<FaceMatch> matches, Guid? searched, int maxResults, CancellationToken cancellationToken)
    {
        var ids = matches.Select(m => m.Face.FaceId.ToString()).ToList();
        var rows = await FaceQueries.CurrentFaces(db, ownerId).AsNoTracking().Where(f => f.RekognitionFaceId != null && ids.Contains(f.RekognitionFaceId))
            .ToDictionaryAsync(f => f.RekognitionFaceId!, cancellationToken);
        return [.. matches
            .Select(m => (Row: rows.GetValueOrDefault(m.Face.FaceId.ToString()), m.Similarity))
            .Where(m => m.Row is not null && m.Row.Id != searched)
            .OrderByDescending(m => m.Similarity)
            .Take(maxResults)
            .Select(m => new MatchedFace(
                new IndexedFace(m.Row!.Id, m.Row.PhotoId, m.Row.BoxWidth, m.Row.BoxHeight, m.Row.BoxLeft, m.Row.BoxTop, m.Row.Confidence), m.Similarity))];
    }

    /// <summary>Calls Rekognition about a collection; null when it does not exist (then created first when <paramref name="create"/>).</summary>
    private async Task<T?> InCollectionAsync<T>(string collection, bool create, Func<Task<T>> call, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return await call();
        }
        catch (RekognitionException error) when (error.ErrorName == "ResourceNotFoundException")
        {
            if (!create)
            {
                return null;
            }
        }
        catch (RekognitionException error)
        {
            throw Unavailable(error);
        }

        try
        {
            await client.SendAsync<CollectionRequest, CreateCollectionResponse>("CreateCollection", new CollectionRequest(collection), cancellationToken);
        }
        catch (RekognitionException error) when (error.ErrorName == "ResourceAlreadyExistsException")
        {
            // Created meanwhile by another worker.
        }
        catch (RekognitionException error)
        {
            throw Unavailable(error);
        }

        return await Call(call);
    }

    private static async Task<T> Call<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (RekognitionException error)
        {
            throw Unavailable(error);
        }
    }

    /// <summary>Rekognition's error as the faces features report it: throttling and server errors are transient.</summary>
    private static FaceMatchingUnavailableException Unavailable(RekognitionException error) => new(
        $"AWS Rekognition answered {error.ErrorName}: {error.Message}",
        RekognitionServiceClient.IsThrottling(error) || error.StatusCode >= 500,
        error);

    private async Task<byte[]> ReadAsync(string key, CancellationToken cancellationToken)
    {
        await using var stream = await store.OpenReadAsync(key, cancellationToken)
            ?? throw new InvalidOperationException($"The display image {key} is missing from storage.");
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    private byte[] Crop(byte[] display, PhotoFace face)
    {
        var photo = images.DecodeStored(display);
        var side = Math.Max(face.BoxWidth * photo.Width, face.BoxHeight * photo.Height) * (1 + (2 * CropMargin));
        var centreX = (face.BoxLeft + (face.BoxWidth / 2)) * photo.Width;
        var centreY = (face.BoxTop + (face.BoxHeight / 2)) * photo.Height;
        var size = (int)Math.Clamp(side, 160, 1024);
        return Vision.Imaging.ImageEncoder.EncodeCrop(
            photo, SKRect.Create(centreX - (side / 2), centreY - (side / 2), side, side), size, SKColors.Gray, 90);
    }

    /// <summary>The stored face a box Rekognition answered lies on (most overlap, at least <see cref="MinOverlap"/>), taken out of <paramref name="faces"/>.</summary>
    private static PhotoFace? Claim(List<PhotoFace> faces, BoundingBox box)
    {
        var best = faces
            .Select(f => (Face: f, Overlap: FaceContinuity.IntersectionOverUnion(FaceContinuity.Box(f), box)))
            .Where(x => x.Overlap >= MinOverlap)
            .OrderByDescending(x => x.Overlap)
            .Select(x => x.Face)
            .FirstOrDefault();
        if (best is not null)
        {
            faces.Remove(best);
        }

        return best;
    }

    /// <summary>
    /// People over SearchFaces: every face clustering asks about is searched once (at <see cref="GroupingSimilarity"/>),
    /// its matches among the owner's grouped faces are its neighbours, and <see cref="FaceClustering"/>'s rule does the rest.
    /// </summary>
    private sealed class SearchGrouping(
        RekognitionFaceMatcher matcher, string collection, long version, IReadOnlyList<IndexedFace> faces, IReadOnlyList<string> faceIds)
        : FaceGrouping(version, faces)
    {
        public override async Task<int[]> AssignAsync(
            int[] labels, bool[] frozen, FaceClusteringOptions settings, Func<int> addPerson, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(labels);
            ArgumentNullException.ThrowIfNull(frozen);
            ArgumentNullException.ThrowIfNull(settings);
            var rowOf = faceIds.Select((id, row) => (id, row)).ToDictionary(x => x.id, x => x.row);
            var neighbours = new Dictionary<int, IReadOnlyList<(int Row, float Score)>>();
            for (var row = 0; row < Faces.Count; row++)
            {
                if (labels[row] != FaceClustering.None || frozen[row])
                {
                    continue;
                }

                var matches = await matcher.SearchFacesAsync(collection, faceIds[row], GroupingSimilarity, cancellationToken);
                neighbours[row] = [(row, 100f), .. matches
                    .Select(m => (Found: rowOf.TryGetValue(m.Face.FaceId.ToString(), out var other), Row: other, m.Similarity))
                    .Where(m => m.Found && m.Row != row)
                    .Select(m => (m.Row, m.Similarity))];
            }

            return FaceClustering.Assign(Faces.Count, row => neighbours[row], labels, frozen, settings.MinFaces, addPerson);
        }
    }
}
