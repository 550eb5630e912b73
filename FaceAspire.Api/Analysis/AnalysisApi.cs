using System.Text.Json;
using FaceAspire.Api.Infrastructure;
using FaceAspire.Api.Limits;
using FaceAspire.Api.Photos;
using FaceAspire.Api.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace FaceAspire.Api.Analysis;

/// <summary>One face of an analysis; <see cref="Detail"/> is the Rekognition FaceDetail with its PascalCase names.</summary>
public sealed record AnalyzedFaceResponse(Guid Id, JsonElement Detail);

/// <summary>The current analysis of a photo.</summary>
/// <param name="PhotoId">The photo.</param>
/// <param name="Status">pending, running, succeeded or failed; poll while pending or running.</param>
/// <param name="Attempts">Attempts made so far.</param>
/// <param name="Error">Why it failed, for the owner; null unless failed.</param>
/// <param name="EngineVersion">Engine that produced the result.</param>
/// <param name="RequestedAt">When the analysis was queued.</param>
/// <param name="CompletedAt">When it succeeded or failed; null before.</param>
/// <param name="Faces">The faces, largest first; empty until succeeded.</param>
public sealed record AnalysisResponse(
    Guid PhotoId,
    string Status,
    int Attempts,
    string? Error,
    string? EngineVersion,
    DateTimeOffset RequestedAt,
    DateTimeOffset? CompletedAt,
    IReadOnlyList<AnalyzedFaceResponse> Faces);

/// <summary>
/// <c>/api/photos/{id}/analysis</c>: the analysis status and faces, the stored result object, and re-analysis.
/// Scoped to the owner like the rest of <c>/api/photos</c>: another user's photo is 404.
/// </summary>
public static class AnalysisApi
{
    public static IEndpointRouteBuilder MapAnalysisApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/photos/{id:guid}/analysis").WithTags("Analysis").RequireAuthorization();
        api.MapGet("/", GetAsync).WithName("GetAnalysis")
            .WithSummary("Status and faces of the photo's analysis; with ?wait=N (1-20 s) answered when it ends, or after N seconds");
        api.MapGet("/result.json", GetResultAsync).WithName("GetAnalysisResult")
            .WithSummary("The stored result, {\"FaceDetails\":[...]}, as a download");
        api.MapPost("/", RequestAsync).WithName("RequestAnalysis").WithSummary("Queue a new analysis of the photo")
            .RequireRateLimiting(RateLimitPolicies.Uploads);
        return app;
    }

    /// <summary>The longest <c>?wait=</c> in seconds: well inside proxies' idle timeouts.</summary>
    public const int MaxWaitSeconds = 20;

    internal static async Task<Results<Ok<AnalysisResponse>, NotFound, ProblemHttpResult>> GetAsync(
        Guid id, HttpContext context, FaceAspireDbContext db, AnalysisResultSignal results, TimeProvider time, CancellationToken cancellationToken,
        int? wait = null)
    {
        if (wait is < 0 or > MaxWaitSeconds)
        {
            return TypedResults.Problem(
                title: "Invalid wait", detail: $"wait is in seconds, 0 to {MaxWaitSeconds}.", statusCode: StatusCodes.Status400BadRequest);
        }

        // With ?wait=N a pending or running analysis is answered when it ends (a notification from the instance that ran
        // it), or with its state after N seconds: one request instead of a poll every fraction of a second.
        var deadline = time.GetUtcNow().AddSeconds(wait ?? 0);
        AnalysisJob job;
        while (true)
        {
            var ended = wait > 0 ? results.Ended(id) : null;
            var found = await PhotosApi.WithAnalysis(db, context).AsNoTracking().SingleOrDefaultAsync(p => p.Photo.Id == id, cancellationToken);
            if (found?.Job is null)
            {
                return TypedResults.NotFound();
            }

            job = found.Job;
            var left = deadline - time.GetUtcNow();
            if (ended is null || job.Status is AnalysisStatus.Succeeded or AnalysisStatus.Failed || left <= TimeSpan.Zero)
            {
                break;
            }

            await results.WaitAsync(id, ended, left, cancellationToken);
        }

        List<AnalyzedFaceResponse> faces = [];
        if (job.Status == AnalysisStatus.Succeeded)
        {
            var rows = await db.PhotoFaces.AsNoTracking()
                .Where(f => f.PhotoId == id && f.EngineVersion == job.EngineVersion)
                .OrderBy(f => f.FaceIndex)
                .Select(f => new { f.Id, f.Detail })
                .ToListAsync(cancellationToken);
            faces = [.. rows.Select(r => new AnalyzedFaceResponse(r.Id, JsonDocument.Parse(r.Detail).RootElement.Clone()))];
        }

        return TypedResults.Ok(new AnalysisResponse(
            id, job.Status, job.Attempts, job.Status == AnalysisStatus.Failed ? job.Error : null,
            job.EngineVersion, job.RequestedAt, job.CompletedAt, faces));
    }

    internal static async Task<Results<FileStreamHttpResult, NotFound>> GetResultAsync(
        Guid id, HttpContext context, FaceAspireDbContext db, IObjectStore store, CancellationToken cancellationToken)
    {
        var found = await PhotosApi.WithAnalysis(db, context).SingleOrDefaultAsync(p => p.Photo.Id == id, cancellationToken);
        if (found?.Job is not { Status: AnalysisStatus.Succeeded, ResultKey: { } key }
            || await store.OpenReadAsync(key, cancellationToken) is not { } stream)
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Stream(stream, "application/json", fileDownloadName: $"faces-{id:N}.json");
    }

    internal static async Task<Results<Accepted<AnalysisResponse>, NotFound>> RequestAsync(
        Guid id, HttpContext context, FaceAspireDbContext db, AnalysisJobStore jobs, AnalysisQueueSignal queue, UsageQuota quota,
        CancellationToken cancellationToken)
    {
        if (!await PhotosApi.Owned(db, context).AnyAsync(p => p.Id == id, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await quota.EnsureAnalysisFitsAsync(Accounts.CurrentUser.Id(context.User), id, cancellationToken);
            await jobs.RequestAsync(id, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        queue.Notify();
        var job = await db.AnalysisJobs.AsNoTracking().SingleAsync(j => j.PhotoId == id, cancellationToken);
        return TypedResults.Accepted(
            $"/api/photos/{id}/analysis",
            new AnalysisResponse(id, job.Status, job.Attempts, null, job.EngineVersion, job.RequestedAt, null, []));
    }
}
