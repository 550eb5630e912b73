using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using FaceAspire.Api.Analysis;
using FaceAspire.Api.Imaging;
using FaceAspire.Api.Infrastructure;
using FaceAspire.Api.Photos;
using FaceAspire.Vision.Rekognition;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using FaceIndex = FaceAspire.Api.Faces.FaceIndex;
using FaceQueries = FaceAspire.Api.Faces.FaceQueries;
using IndexedFace = FaceAspire.Api.Faces.IndexedFace;

namespace FaceAspire.Api.Rekognition;

/// <summary>Who calls: the access key's user, and the region their request was signed for (it goes into ARNs).</summary>
public sealed record RekognitionCaller(Guid OwnerId, string Region);

/// <summary>
/// Rekognition's collection operations over the caller's own collections. Indexed faces are faces of the caller's
/// photos (an image given as bytes is stored as a new photo and analysed by the analysis queue, exactly as an upload),
/// so a collection is a named subset of the one face store, searched through the owner's one <see cref="FaceIndex"/>.
/// </summary>
public sealed partial class CollectionOperations(
    FaceAspireDbContext db,
    RekognitionImages images,
    FaceOperations faces,
    FaceIndex index,
    PhotoUploader uploader,
    TimeProvider time,
    IOptions<RekognitionOptions> options)
{
    private const int DefaultPageSize = 1000;

    public async Task<CreateCollectionResponse> CreateAsync(CollectionRequest request, RekognitionCaller caller, CancellationToken cancellationToken)
    {
        var name = CheckName(request.CollectionId);
        if (await db.FaceCollections.AnyAsync(c => c.OwnerId == caller.OwnerId && c.Name == name, cancellationToken))
        {
            throw AlreadyExists(name);
        }

        db.FaceCollections.Add(new FaceCollection { OwnerId = caller.OwnerId, Name = name, CreatedAt = time.GetUtcNow() });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            throw AlreadyExists(name);
        }

        return new CreateCollectionResponse(StatusCodes.Status200OK, Arn(caller, name), images.FaceModelVersion);
    }

    public async Task<DeleteCollectionResponse> DeleteAsync(CollectionRequest request, RekognitionCaller caller, CancellationToken cancellationToken)
    {
        var collection = await FindAsync(request.CollectionId, caller, cancellationToken);
        await db.FaceCollections.Where(c => c.Id == collection.Id).ExecuteDeleteAsync(cancellationToken);
        return new DeleteCollectionResponse(StatusCodes.Status200OK);
    }

    public async Task<ListCollectionsResponse> ListAsync(ListCollectionsRequest request, RekognitionCaller caller, CancellationToken cancellationToken)
    {
        var size = RekognitionChecks.Count(request.MaxResults, nameof(request.MaxResults), DefaultPageSize, RekognitionChecks.MaxMaxFaces, min: 0);
        var skip = PageToken.Read(request.NextToken);
        var names = await db.FaceCollections.AsNoTracking().Where(c => c.OwnerId == caller.OwnerId)
            .OrderBy(c => c.Name).Skip(skip).Take(size + 1).Select(c => c.Name).ToListAsync(cancellationToken);
        var page = names.Take(size).ToList();
        return new ListCollectionsResponse(
            page, [.. page.Select(_ => images.FaceModelVersion)], names.Count > size ? PageToken.Write(skip + size) : null);
    }

    public async Task<DescribeCollectionResponse> DescribeAsync(CollectionRequest request, RekognitionCaller caller, CancellationToken cancellationToken)
    {
        var collection = await FindAsync(request.CollectionId, caller, cancellationToken);
        var count = await Members(collection, caller).LongCountAsync(cancellationToken);
        return new DescribeCollectionResponse(count, images.FaceModelVersion, Arn(caller, collection.Name), collection.CreatedAt.ToUnixTimeMilliseconds() / 1000.0);
    }

    public async Task<IndexFacesResponse> IndexAsync(IndexFacesRequest request, RekognitionCaller caller, CancellationToken cancellationToken)
    {
        var collection = await FindAsync(request.CollectionId, caller, cancellationToken);
        if (request.ExternalImageId is { } external && (external.Length > CollectionFace.MaxExternalImageIdLength || !ExternalImageIdPattern().IsMatch(external)))
        {
            throw RekognitionException.InvalidParameter("ExternalImageId must match [a-zA-Z0-9_.\\-:]+ and have at most 255 characters.");
        }

        var maxFaces = RekognitionChecks.Count(request.MaxFaces, nameof(request.MaxFaces), int.MaxValue, RekognitionChecks.MaxMaxFaces);
        var quality = QualityFilter.Check(request.QualityFilter, "AUTO");
        var attributes = FaceAttributesFilter.Check(request.DetectionAttributes, nameof(request.DetectionAttributes));
        await faces.RequireRecognitionAsync(caller.OwnerId, cancellationToken);
        var image = await images.ReadAsync(request.Image, caller.OwnerId, nameof(request.Image), cancellationToken);
        var photoId = image.PhotoId ?? await StoreAsync(image.Bytes, request.ExternalImageId, caller, cancellationToken);
        await WaitForAnalysisAsync(photoId, cancellationToken);

        var rows = await FaceQueries.CurrentFaces(db, caller.OwnerId).AsNoTracking()
            .Where(f => f.PhotoId == photoId).OrderBy(f => f.FaceIndex).ToListAsync(cancellationToken);
        var records = new List<(PhotoFace Row, FaceDetail Detail)>();
        var unindexed = new List<UnindexedFace>();
        foreach (var row in rows)
        {
            var detail = JsonSerializer.Deserialize(row.Detail, RekognitionJsonContext.Default.FaceDetail)!;
            var reasons = QualityFilter.Reasons(detail, row.Embedding is not null, quality);
            if (reasons.Count == 0 && records.Count >= maxFaces)
            {
                reasons.Add("EXCEEDS_MAX_FACES");
            }

            if (reasons.Count == 0)
            {
                records.Add((row, detail));
            }
            else
            {
                unindexed.Add(new UnindexedFace(reasons, FaceAttributesFilter.Apply(detail, attributes)));
            }
        }

        var ids = records.Select(r => r.Row.Id).ToList();
        var present = await db.CollectionFaces.Where(m => m.CollectionId == collection.Id && ids.Contains(m.FaceId))
            .Select(m => m.FaceId).ToListAsync(cancellationToken);
        db.CollectionFaces.AddRange(records.Where(r => !present.Contains(r.Row.Id)).Select(r => new CollectionFace
        {
            CollectionId = collection.Id,
            FaceId = r.Row.Id,
            ExternalImageId = request.ExternalImageId,
            IndexedAt = time.GetUtcNow(),
        }));
        await db.SaveChangesAsync(cancellationToken);
        return new IndexFacesResponse(
            [.. records.Select(r => new FaceRecord(Face(r.Row, request.ExternalImageId), FaceAttributesFilter.Apply(r.Detail, attributes)))],
            images.FaceModelVersion,
            unindexed);
    }

    public async Task<ListFacesResponse> ListFacesAsync(ListFacesRequest request, RekognitionCaller caller, CancellationToken cancellationToken)
    {
        var collection = await FindAsync(request.CollectionId, caller, cancellationToken);
        var size = RekognitionChecks.Count(request.MaxResults, nameof(request.MaxResults), DefaultPageSize, RekognitionChecks.MaxMaxFaces, min: 0);
        var skip = PageToken.Read(request.NextToken);
        var page = await (from m in db.CollectionFaces.AsNoTracking()
                          where m.CollectionId == collection.Id
                          join f in FaceQueries.CurrentFaces(db, caller.OwnerId) on m.FaceId equals f.Id
                          orderby m.IndexedAt, m.FaceId
                          select new { Face = f, m.ExternalImageId })
            .Skip(skip).Take(size + 1).ToListAsync(cancellationToken);
        return new ListFacesResponse(
            [.. page.Take(size).Select(p => Face(p.Face, p.ExternalImageId) with { IndexFacesModelVersion = p.Face.EngineVersion })],
            page.Count > size ? PageToken.Write(skip + size) : null,
            images.FaceModelVersion);
    }

    public async Task<DeleteFacesResponse> DeleteFacesAsync(DeleteFacesRequest request, RekognitionCaller caller, CancellationToken cancellationToken)
    {
        var collection = await FindAsync(request.CollectionId, caller, cancellationToken);
        if (request.FaceIds is not { Count: >= 1 and <= RekognitionChecks.MaxMaxFaces } faceIds)
        {
            throw RekognitionException.InvalidParameter($"FaceIds must hold between 1 and {RekognitionChecks.MaxMaxFaces} face ids.");
        }

        var ids = faceIds.Select(ParseFaceId).ToList();
        var deleted = await db.CollectionFaces.Where(m => m.CollectionId == collection.Id && ids.Contains(m.FaceId))
            .Select(m => m.FaceId).ToListAsync(cancellationToken);
        await db.CollectionFaces.Where(m => m.CollectionId == collection.Id && deleted.Contains(m.FaceId)).ExecuteDeleteAsync(cancellationToken);
        return new DeleteFacesResponse([.. deleted.Select(id => id.ToString())]);
    }

    public async Task<SearchFacesResponse> SearchAsync(SearchFacesRequest request, RekognitionCaller caller, CancellationToken cancellationToken)
    {
        var collection = await FindAsync(request.CollectionId, caller, cancellationToken);
        var faceId = ParseFaceId(request.FaceId);
        var threshold = RekognitionChecks.Threshold(request.FaceMatchThreshold, nameof(request.FaceMatchThreshold));
        var max = RekognitionChecks.Count(request.MaxFaces, nameof(request.MaxFaces), RekognitionChecks.MaxMaxFaces);
        await faces.RequireRecognitionAsync(caller.OwnerId, cancellationToken);
        var members = await MemberMapAsync(collection, cancellationToken);
        var owned = await index.GetAsync(db, caller.OwnerId, cancellationToken);
        var row = owned.RowOf(faceId);
        if (!members.ContainsKey(faceId) || row < 0)
        {
            throw RekognitionException.InvalidParameter($"Face {faceId} does not exist in collection {collection.Name}.");
        }

        var matches = owned.Search(owned.Descriptor(row), threshold, max, f => f.FaceId == faceId || !members.ContainsKey(f.FaceId));
        return new SearchFacesResponse(faceId.ToString(), Matches(matches, members), images.FaceModelVersion);
    }

    public async Task<SearchFacesByImageResponse> SearchByImageAsync(SearchFacesByImageRequest request, RekognitionCaller caller, CancellationToken cancellationToken)
    {
        var collection = await FindAsync(request.CollectionId, caller, cancellationToken);
        var threshold = RekognitionChecks.Threshold(request.FaceMatchThreshold, nameof(request.FaceMatchThreshold));
        var max = RekognitionChecks.Count(request.MaxFaces, nameof(request.MaxFaces), RekognitionChecks.MaxMaxFaces);
        var quality = QualityFilter.Check(request.QualityFilter, "NONE");
        await faces.RequireRecognitionAsync(caller.OwnerId, cancellationToken);
        var image = await images.ReadAsync(request.Image, caller.OwnerId, nameof(request.Image), cancellationToken);
        var found = FaceOperations.Usable(await images.AnalyzeAsync(image.Bytes, cancellationToken), quality);
        if (found.Count == 0)
        {
            throw RekognitionException.InvalidParameter("There are no faces in the image. Should be at least 1.");
        }

        var members = await MemberMapAsync(collection, cancellationToken);
        var owned = await index.GetAsync(db, caller.OwnerId, cancellationToken);
        var matches = owned.Search(found[0].Embedding!, threshold, max, f => !members.ContainsKey(f.FaceId));
        return new SearchFacesByImageResponse(found[0].Detail.BoundingBox, found[0].Detail.Confidence, Matches(matches, members), images.FaceModelVersion);
    }

    private static List<FaceMatch> Matches(IEnumerable<(IndexedFace Face, float Similarity)> matches, Dictionary<Guid, string?> members) =>
    [
        .. matches.Select(m => new FaceMatch(
            m.Similarity,
            new FaceBody(m.Face.FaceId, new BoundingBox(m.Face.Width, m.Face.Height, m.Face.Left, m.Face.Top), m.Face.PhotoId, members[m.Face.FaceId], m.Face.Confidence))),
    ];

    private Task<Dictionary<Guid, string?>> MemberMapAsync(FaceCollection collection, CancellationToken cancellationToken) =>
        db.CollectionFaces.AsNoTracking().Where(m => m.CollectionId == collection.Id)
            .ToDictionaryAsync(m => m.FaceId, m => m.ExternalImageId, cancellationToken);

    /// <summary>The collection's memberships whose face is one of the owner's current faces.</summary>
    private IQueryable<CollectionFace> Members(FaceCollection collection, RekognitionCaller caller) =>
        from m in db.CollectionFaces
        where m.CollectionId == collection.Id
        join f in FaceQueries.CurrentFaces(db, caller.OwnerId) on m.FaceId equals f.Id
        select m;

    private async Task<Guid> StoreAsync(byte[] bytes, string? externalImageId, RekognitionCaller caller, CancellationToken cancellationToken)
    {
        try
        {
            var photos = await uploader.UploadAsync(caller.OwnerId, [new UploadedFile(externalImageId ?? "index-faces", bytes)], cancellationToken);
            return photos[0].Id;
        }
        catch (ImageRejectedException rejected)
        {
            throw rejected.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? RekognitionException.ImageTooLarge(rejected.Message)
                : RekognitionException.InvalidImageFormat(rejected.Message);
        }
    }

    /// <summary>Waits until the photo's analysis succeeded (the analysis queue runs it, on any instance).</summary>
    private async Task WaitForAnalysisAsync(Guid photoId, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + options.Value.IndexTimeout;
        while (true)
        {
            var job = await db.AnalysisJobs.AsNoTracking().Where(j => j.PhotoId == photoId)
                .Select(j => new { j.Status, j.Error }).SingleOrDefaultAsync(cancellationToken)
                ?? throw RekognitionException.InvalidS3Object();
            switch (job.Status)
            {
                case AnalysisStatus.Succeeded:
                    return;
                case AnalysisStatus.Failed:
                    throw RekognitionException.InvalidImageFormat(job.Error ?? "The image could not be analysed.");
            }

            if (time.GetUtcNow() > deadline)
            {
                throw new RekognitionException(
                    "ThrottlingException", "The image is stored and queued for analysis, which has not finished yet; try again shortly.", StatusCodes.Status500InternalServerError);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken);
        }
    }

    private async Task<FaceCollection> FindAsync(string? name, RekognitionCaller caller, CancellationToken cancellationToken)
    {
        var checkedName = CheckName(name);
        return await db.FaceCollections.AsNoTracking().SingleOrDefaultAsync(c => c.OwnerId == caller.OwnerId && c.Name == checkedName, cancellationToken)
            ?? throw RekognitionException.ResourceNotFound($"The collection id: {checkedName} does not exist");
    }

    private static FaceBody Face(PhotoFace row, string? externalImageId) =>
        new(row.Id, new BoundingBox(row.BoxWidth, row.BoxHeight, row.BoxLeft, row.BoxTop), row.PhotoId, externalImageId, row.Confidence);

    private static Guid ParseFaceId(string? faceId) => Guid.TryParseExact(faceId, "D", out var id)
        ? id
        : throw RekognitionException.InvalidParameter($"'{faceId}' is not a face id (a UUID).");

    private static string CheckName(string? name) =>
        name is { Length: > 0 and <= FaceCollection.MaxNameLength } && CollectionIdPattern().IsMatch(name)
            ? name
            : throw RekognitionException.InvalidParameter("CollectionId must match [a-zA-Z0-9_.\\-]+ and have 1 to 255 characters.");

    private static RekognitionException AlreadyExists(string name) =>
        new("ResourceAlreadyExistsException", $"The collection id: {name} already exists");

    /// <summary>Rekognition's collection ARN (without the <c>arn:</c> prefix, as Rekognition writes it).</summary>
    private static string Arn(RekognitionCaller caller, string name) =>
        $"aws:rekognition:{caller.Region}:{AccountId(caller.OwnerId)}:collection/{name}";

    /// <summary>A stable 12-digit account number for the user, as AWS ARNs carry one.</summary>
    private static string AccountId(Guid ownerId) =>
        (BitConverter.ToUInt64(ownerId.ToByteArray(), 8) % 1_000_000_000_000UL).ToString("D12", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^[a-zA-Z0-9_.\-]+$")]
    private static partial Regex CollectionIdPattern();

    [GeneratedRegex(@"^[a-zA-Z0-9_.\-:]+$")]
    private static partial Regex ExternalImageIdPattern();
}

/// <summary>Opaque <c>NextToken</c>s: the position of the next page, base64-encoded.</summary>
internal static class PageToken
{
    public static string Write(int offset) => Convert.ToBase64String(Encoding.ASCII.GetBytes($"o:{offset}"));

    public static int Read(string? token)
    {
        if (token is null)
        {
            return 0;
        }

        try
        {
            var text = Encoding.ASCII.GetString(Convert.FromBase64String(token));
            if (text.StartsWith("o:", StringComparison.Ordinal) && int.TryParse(text[2..], NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
            {
                return offset;
            }
        }
        catch (FormatException)
        {
            // Answered below as Rekognition answers a token it did not issue.
        }

        throw new RekognitionException("InvalidPaginationTokenException", "Invalid pagination token.");
    }
}
