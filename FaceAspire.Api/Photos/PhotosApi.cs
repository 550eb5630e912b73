using FaceAspire.Api.Accounts;
using FaceAspire.Api.Faces;
using FaceAspire.Api.Infrastructure;
using FaceAspire.Api.Limits;
using FaceAspire.Api.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace FaceAspire.Api.Photos;

/// <summary>
/// Upload, list, read and delete photos: <c>/api/photos</c>. Every query is scoped to the signed-in owner, so
/// another user's photo is indistinguishable from a missing one (404).
/// </summary>
public static class PhotosApi
{
    public static IEndpointRouteBuilder MapPhotosApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/photos").WithTags("Photos").RequireAuthorization();

        api.MapPost("/", PhotoUploadEndpoint.UploadAsync).WithName("UploadPhotos")
            .WithSummary("Upload one or more JPEG, PNG or WebP photos (multipart parts named 'file')")
            .Accepts<IFormFileCollection>("multipart/form-data")
            .DisableAntiforgery()
            .RequireRateLimiting(RateLimitPolicies.Uploads);
        api.MapGet("/", ListAsync).WithName("ListPhotos").WithSummary("The user's photos, newest first; filter=, personId= narrow the list");
        api.MapGet("/{id:guid}", GetAsync).WithName("GetPhoto").WithSummary("One photo");
        api.MapGet("/{id:guid}/content", GetContentAsync).WithName("GetPhotoContent")
            .WithSummary("The upright, metadata-free image; variant=thumbnail for a small version");
        api.MapDelete("/{id:guid}", DeleteAsync).WithName("DeletePhoto").WithSummary("Delete a photo and its files");
        return app;
    }

    internal static async Task<Results<Ok<PagedResponse<PhotoResponse>>, ValidationProblem, NotFound>> ListAsync(
        HttpContext context, FaceAspireDbContext db, CancellationToken cancellationToken, int page = 1, int pageSize = 20, string? filter = null,
        Guid? personId = null)
    {
        if (Paging.Check(page, pageSize) is { } pagingProblems)
        {
            return TypedResults.ValidationProblem(pagingProblems);
        }

        var owned = PhotoFilters.Apply(WithAnalysis(db, context), db, filter);
        if (owned is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["filter"] = [$"filter must be one of: {string.Join(", ", PhotoFilters.Names)}."],
            });
        }

        if (personId is { } person)
        {
            // Another user's person is as unknown as a missing one.
            if (!await db.People.AnyAsync(p => p.Id == person && p.OwnerId == CurrentUser.Id(context.User), cancellationToken))
            {
                return TypedResults.NotFound();
            }

            owned = owned.Where(p => db.PhotoFaces.Any(f => f.PhotoId == p.Photo.Id && f.EngineVersion == p.Job!.EngineVersion && f.PersonId == person));
        }

        var (items, total) = await Paging.ReadAsync(
            owned.OrderByDescending(p => p.Photo.CreatedAt).ThenByDescending(p => p.Photo.Id), owned, page, pageSize, cancellationToken);
        return TypedResults.Ok(new PagedResponse<PhotoResponse>([.. items.Select(p => PhotoResponse.From(p.Photo, p.Job))], page, pageSize, total));
    }

    internal static async Task<Results<Ok<PhotoResponse>, NotFound>> GetAsync(
        Guid id, HttpContext context, FaceAspireDbContext db, CancellationToken cancellationToken)
    {
        var found = await WithAnalysis(db, context).SingleOrDefaultAsync(p => p.Photo.Id == id, cancellationToken);
        return found is null ? TypedResults.NotFound() : TypedResults.Ok(PhotoResponse.From(found.Photo, found.Job));
    }

    internal static async Task<Results<FileStreamHttpResult, NotFound, ValidationProblem>> GetContentAsync(
        Guid id, HttpContext context, FaceAspireDbContext db, IObjectStore store, CancellationToken cancellationToken, string? variant = null)
    {
        if (variant is not (null or "display" or "thumbnail"))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["variant"] = ["variant must be 'display' or 'thumbnail'."],
            });
        }

        var photo = await Owned(db, context).SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (photo is null)
        {
            return TypedResults.NotFound();
        }

        var key = variant == "thumbnail" ? photo.ThumbnailKey : photo.DisplayKey;
        var stream = await store.OpenReadAsync(key, cancellationToken);
        if (stream is null)
        {
            return TypedResults.NotFound();
        }

        // Content never changes for a given id and variant; only the owner may cache it.
        context.Response.Headers.CacheControl = "private, max-age=86400, immutable";
        return TypedResults.Stream(stream, "image/jpeg", fileDownloadName: null);
    }

    internal static async Task<Results<NoContent, NotFound>> DeleteAsync(
        Guid id, HttpContext context, FaceAspireDbContext db, ObjectDeleter deleter, IFaceMatcher matcher, CancellationToken cancellationToken)
    {
        var photo = await Owned(db, context).SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (photo is null)
        {
            return TypedResults.NotFound();
        }

        // Its faces in the owner's Rekognition collection (Analysis:Engine=Rekognition) go through the same outbox.
        var rekognitionFaces = await db.PhotoFaces.Where(f => f.PhotoId == id && f.RekognitionFaceId != null)
            .Select(f => f.RekognitionFaceId!).ToListAsync(cancellationToken);

        // One transaction removes the row (its job, faces, review item and alert cascade with it) and records the
        // deletion of its objects, analysis results of every engine version included: a database outage changes
        // nothing, and once committed the objects are deleted for sure, now or by the deletion service.
        var deletions = deleter.Schedule([
            photo.DisplayKey, photo.ThumbnailKey, photo.OriginalKey, ObjectKeys.ResultsFolder(photo.Id),
            .. rekognitionFaces.Count == 0 ? [] : matcher.Forget(photo.OwnerId, rekognitionFaces)]);
        db.Photos.Remove(photo);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Deleted by a concurrent request, which also owns its objects' deletion.
            return TypedResults.NotFound();
        }

        // Best effort: while storage is down the outbox rows stay and the deletion service retries them.
        await deleter.DeleteNowAsync(deletions);
        return TypedResults.NoContent();
    }

    /// <summary>The user's photos with their current analysis.</summary>
    internal static IQueryable<PhotoWithAnalysis> WithAnalysis(FaceAspireDbContext db, HttpContext context) =>
        from photo in Owned(db, context)
        join job in db.AnalysisJobs.AsNoTracking() on photo.Id equals job.PhotoId into jobs
        from job in jobs.DefaultIfEmpty()
        select new PhotoWithAnalysis { Photo = photo, Job = job };

    internal static IQueryable<Photo> Owned(FaceAspireDbContext db, HttpContext context)
    {
        var owner = CurrentUser.Id(context.User);
        return db.Photos.AsNoTracking().Where(p => p.OwnerId == owner);
    }
}
