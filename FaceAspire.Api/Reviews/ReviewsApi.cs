using FaceAspire.Api.Accounts;
using FaceAspire.Api.Infrastructure;
using FaceAspire.Api.Photos;
using FaceAspire.Api.Storage;
using FaceAspire.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace FaceAspire.Api.Reviews;

/// <summary>
/// The administrators' review queue: <c>/api/admin/reviews</c> (role admin; others get 403, anonymous 401). This is
/// the only way an administrator sees another user's photo, and every decision is kept in the audit trail.
/// </summary>
public static class ReviewsApi
{
    public const int MaxCommentLength = 2000;

    public static IEndpointRouteBuilder MapReviewsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/admin/reviews").WithTags("Admin reviews").RequireAuthorization(Roles.AdminPolicy);
        api.MapGet("/", ListAsync).WithName("ListReviews").WithSummary("Review items by status, newest first");
        api.MapGet("/{id:guid}", GetAsync).WithName("GetReview").WithSummary("One review item with its audit trail");
        api.MapGet("/{id:guid}/photo", GetPhotoAsync).WithName("GetReviewPhoto").WithSummary("The reviewed photo (display image)");
        api.MapPost("/{id:guid}/decision", DecideAsync).WithName("DecideReview")
            .WithSummary("Mark the item reviewed or dismissed; 409 when it was already decided");
        return app;
    }

    internal static async Task<Results<Ok<PagedResponse<ReviewItemResponse>>, ValidationProblem>> ListAsync(
        FaceAspireDbContext db, CancellationToken cancellationToken, string status = ReviewStatus.Open, int page = 1, int pageSize = 20)
    {
        if (status is not (ReviewStatus.Open or ReviewStatus.Reviewed or ReviewStatus.Dismissed))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = ["status must be open, reviewed or dismissed."] });
        }

        if (Paging.Check(page, pageSize) is { } pagingProblems)
        {
            return TypedResults.ValidationProblem(pagingProblems);
        }

        var total = await db.ReviewItems.CountAsync(r => r.Status == status, cancellationToken);
        var pageItems = await Items(db.ReviewItems.AsNoTracking().Where(r => r.Status == status)
                .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)
                .Skip(Paging.Offset(page, pageSize)).Take(pageSize), db)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new PagedResponse<ReviewItemResponse>(pageItems, page, pageSize, total));
    }

    internal static async Task<Results<Ok<ReviewDetailResponse>, NotFound>> GetAsync(
        Guid id, FaceAspireDbContext db, CancellationToken cancellationToken)
    {
        var detail = await DetailAsync(db, id, cancellationToken);
        return detail is null ? TypedResults.NotFound() : TypedResults.Ok(detail);
    }

    internal static async Task<Results<FileStreamHttpResult, NotFound>> GetPhotoAsync(
        Guid id, HttpContext context, FaceAspireDbContext db, IObjectStore store, CancellationToken cancellationToken)
    {
        var key = await (
            from review in db.ReviewItems.AsNoTracking()
            join photo in db.Photos.AsNoTracking() on review.PhotoId equals photo.Id
            where review.Id == id
            select photo.DisplayKey).SingleOrDefaultAsync(cancellationToken);
        if (key is null || await store.OpenReadAsync(key, cancellationToken) is not { } stream)
        {
            return TypedResults.NotFound();
        }

        // Another user's photo: never kept in shared caches.
        context.Response.Headers.CacheControl = "private, no-store";
        return TypedResults.Stream(stream, "image/jpeg");
    }

    internal static async Task<Results<Ok<ReviewDetailResponse>, NotFound, ValidationProblem, ProblemHttpResult>> DecideAsync(
        Guid id, ReviewDecisionRequest request, HttpContext context, FaceAspireDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Decision is not (ReviewStatus.Reviewed or ReviewStatus.Dismissed))
        {
            errors["decision"] = ["decision must be 'reviewed' or 'dismissed'."];
        }

        if (request.Comment?.Length > MaxCommentLength)
        {
            errors["comment"] = [$"comment is at most {MaxCommentLength} characters."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Only an open item can be decided: of two administrators deciding at once, the second gets 409.
        var decided = await db.ReviewItems.Where(r => r.Id == id && r.Status == ReviewStatus.Open)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.Status, request.Decision), cancellationToken);
        if (decided == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return await db.ReviewItems.AnyAsync(r => r.Id == id, cancellationToken)
                ? TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The review item was already decided.")
                : TypedResults.NotFound();
        }

        var comment = string.IsNullOrWhiteSpace(request.Comment) ? null : request.Comment.Trim();
        db.ReviewAudit.Add(new ReviewAuditEntry
        {
            ReviewId = id,
            At = time.GetUtcNow(),
            ActorId = CurrentUser.Id(context.User),
            ActorEmail = context.User.FindFirst(AccessTokenDefaults.EmailClaim)?.Value ?? "unknown",
            Action = request.Decision!,
            Comment = comment,
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok((await DetailAsync(db, id, cancellationToken))!);
    }

    /// <summary>Projects review rows (already filtered, ordered and paged) to responses with the owner's e-mail.</summary>
    private static IQueryable<ReviewItemResponse> Items(IQueryable<ReviewItem> reviews, FaceAspireDbContext db) =>
        from review in reviews
        join owner in db.Users.AsNoTracking() on review.OwnerId equals owner.Id
        select new ReviewItemResponse(
            review.Id, review.PhotoId, owner.Email, review.Reason, review.BestConfidence, review.FaceCount, review.CreatedAt, review.Status);

    private static async Task<ReviewDetailResponse?> DetailAsync(FaceAspireDbContext db, Guid id, CancellationToken cancellationToken)
    {
        var item = await Items(db.ReviewItems.AsNoTracking().Where(r => r.Id == id), db).SingleOrDefaultAsync(cancellationToken);
        if (item is null)
        {
            return null;
        }

        var audit = await db.ReviewAudit.AsNoTracking().Where(a => a.ReviewId == id).OrderBy(a => a.At).ThenBy(a => a.Id)
            .Select(a => new ReviewAuditResponse(a.At, a.ActorEmail, a.Action, a.Comment)).ToListAsync(cancellationToken);
        return new ReviewDetailResponse(
            item.Id, item.PhotoId, item.OwnerEmail, item.Reason, item.BestConfidence, item.FaceCount, item.CreatedAt, item.Status, audit);
    }
}
