using System.Diagnostics;
using FaceAspire.Api.Alerts;
using FaceAspire.Api.Faces;
using FaceAspire.Api.Infrastructure;
using FaceAspire.Api.Storage;
using FaceAspire.ServiceDefaults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FaceAspire.Api.Analysis;

/// <summary>How one attempt at a claimed job ended; the SQS worker decides from it what to do with the message.</summary>
public enum AnalysisAttemptOutcome
{
    Succeeded,

    /// <summary>The photo was deleted while the job waited.</summary>
    PhotoGone,

    /// <summary>The claim expired and the job was claimed again; this attempt's result was discarded.</summary>
    LeaseLost,

    /// <summary>The attempt failed and the job goes back to the queue.</summary>
    WillRetry,

    /// <summary>The attempt failed and it was the last one: the job is failed with a reason.</summary>
    FailedAfterLastAttempt,

    /// <summary>The image cannot be analysed at all: the job is failed at once, retrying would not help.</summary>
    FailedForGood,
}

/// <summary>
/// Runs <see cref="AnalysisOptions.Workers"/> loops that claim analysis jobs, run the face engine on the photo's
/// stored display image and store the result. A crash or kill mid-job leaves the job running with a lease that
/// expires; another worker (here or on another instance) then claims it again.
/// </summary>
public sealed partial class AnalysisWorkerService(
    IServiceScopeFactory scopes,
    IFaceEngine engine,
    IFaceMatcher matcher,
    AnalysisQueueSignal queue,
    UploadHandover handover,
    AlertOutboxSignal alerts,
    AnalysisMetrics metrics,
    IOptions<AnalysisOptions> options,
    TimeProvider time,
    ILogger<AnalysisWorkerService> logger) : BackgroundLoop(logger, time, queue)
{
    protected override string Name => "Analysis worker";

    protected override TimeSpan PollInterval => options.Value.PollInterval;

    protected override int Concurrency => options.Value.Workers;

    protected override Task<bool> RunPassAsync(CancellationToken cancellationToken) => RunOnceAsync(cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await PrepareEngineAsync(stoppingToken);
        await base.ExecuteAsync(stoppingToken);
    }

    /// <summary>
    /// Loads the engine's models before the workers claim their first job (a second or two), so the first photo after a
    /// start waits for its analysis only. A failure is logged and left to the jobs, which report it as they run.
    /// </summary>
    public async Task PrepareEngineAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Workers == 0)
        {
            // An API-only instance never analyses, so it never loads a model.
            return;
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            await Task.Run(engine.Prepare, cancellationToken);
            LogEnginePrepared(logger, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogEngineNotPrepared(logger, ex);
        }
    }

    /// <summary>Claims and runs one job; false when none was due. Public so tests can drive a worker step by step.</summary>
    public async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var jobs = scope.ServiceProvider.GetRequiredService<AnalysisJobStore>();
        var job = await jobs.ClaimAsync(cancellationToken);
        // Counted on every pass, busy or idle, so the gauge follows the queue while workers are saturated too.
        metrics.RecordQueueDepth(await jobs.CountOutstandingAsync(cancellationToken));
        if (job is null)
        {
            return false;
        }

        await RunClaimedAsync(scope.ServiceProvider, job, retryAfter: null, cancellationToken);
        return true;
    }

    /// <summary>
    /// Runs a claimed job: the engine on the photo's stored image, then the result stored, or the failure recorded
    /// (retried after <paramref name="retryAfter"/>, by default the back-off). Shared by the database and SQS queues.
    /// </summary>
    public async Task<AnalysisAttemptOutcome> RunClaimedAsync(IServiceProvider services, ClaimedJob job, TimeSpan? retryAfter, CancellationToken cancellationToken)
    {
        var jobs = services.GetRequiredService<AnalysisJobStore>();
        var started = Stopwatch.GetTimestamp();
        // Taken at once: a first attempt here gets the image its upload left in memory; any other reads storage.
        var handedOver = handover.Take(job.PhotoId);
        using var span = Telemetry.StartContinuing("analysis job", job.TraceParent);
        span?.SetTag("faceaspire.photo.id", job.PhotoId).SetTag("faceaspire.analysis.attempt", job.Attempt);
        try
        {
            var db = services.GetRequiredService<FaceAspireDbContext>();
            var photo = await db.Photos.Where(p => p.Id == job.PhotoId).Select(p => new { p.DisplayKey, p.OwnerId }).SingleOrDefaultAsync(cancellationToken);
            if (photo is null)
            {
                // The photo was deleted while queued; its job row went with it.
                return AnalysisAttemptOutcome.PhotoGone;
            }

            var image = handedOver?.Display
                ?? await ReadAsync(services.GetRequiredService<IObjectStore>(), photo.DisplayKey, cancellationToken)
                ?? throw new UnusableImageException("The photo's image is missing from storage.");

            var recognition = await FaceRecognitionSettings.IsEnabledAsync(db, photo.OwnerId, cancellationToken);
            span?.SetTag("faceaspire.analysis.handed_over", handedOver is null ? "no" : handedOver.Pixels is null ? "bytes" : "pixels");
            var faces = await matcher.AnalyzeAsync(
                new PhotoToAnalyze(job.PhotoId, photo.OwnerId, image, recognition) { Pixels = handedOver?.Pixels }, cancellationToken);
            var writer = services.GetRequiredService<AnalysisResultWriter>();
            var stored = false;
            try
            {
                using (Telemetry.Source.StartActivity("analysis result write"))
                {
                    stored = await writer.StoreAsync(job, engine.Version, faces, cancellationToken);
                }
            }
            finally
            {
                if (!stored)
                {
                    await ForgetAsync(services, photo.OwnerId, faces);
                }
            }

            if (!stored)
            {
                LogLeaseLost(logger, job.PhotoId);
                return AnalysisAttemptOutcome.LeaseLost;
            }

            metrics.RecordSuccess(Stopwatch.GetElapsedTime(started), faces.Count);
            alerts.Notify();
            return AnalysisAttemptOutcome.Succeeded;
        }
        catch (UnusableImageException ex)
        {
            span?.SetStatus(ActivityStatusCode.Error, ex.Message);
            metrics.RecordFailure(final: true);
            await jobs.FailAsync(job, ex.Message, retry: false, CancellationToken.None);
            return AnalysisAttemptOutcome.FailedForGood;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var final = job.Attempt >= options.Value.MaxAttempts;
            span?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            metrics.RecordFailure(final);
            LogAttemptFailed(logger, ex, job.PhotoId, job.Attempt);
            var reason = DatabaseAvailability.IsUnavailable(ex)
                ? "The analysis could not be saved because the database was unavailable. Request a new analysis to try again."
                : ex is FaceMatchingUnavailableException { Transient: false } refused
                    ? $"The analysis failed after several attempts: {refused.Message}. Request a new analysis to try again."
                    : "The analysis failed after several attempts. Request a new analysis to try again.";
            try
            {
                await jobs.FailAsync(job, reason, retry: true, CancellationToken.None, retryAfter);
            }
            catch (Exception recordEx)
            {
                // The lease will expire and the job be claimed again; nothing is lost.
                LogCouldNotRecord(logger, recordEx, job.PhotoId);
            }

            return final ? AnalysisAttemptOutcome.FailedAfterLastAttempt : AnalysisAttemptOutcome.WillRetry;
        }
    }

    /// <summary>Faces the matcher recorded outside PostgreSQL for a result that was not stored: deleted now, or through the outbox.</summary>
    private async Task ForgetAsync(IServiceProvider services, Guid ownerId, IReadOnlyList<MatchableFace> faces)
    {
        var recorded = faces.Select(f => f.RekognitionFaceId).OfType<string>().ToList();
        if (recorded.Count > 0)
        {
            await services.GetRequiredService<ObjectDeleter>().DeleteOrScheduleAsync(matcher.Forget(ownerId, recorded));
        }
    }

    private static async Task<byte[]?> ReadAsync(IObjectStore store, string key, CancellationToken cancellationToken)
    {
        await using var stream = await store.OpenReadAsync(key, cancellationToken);
        if (stream is null)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Face engine ready for analysis in {Milliseconds:F0} ms")]
    private static partial void LogEnginePrepared(ILogger logger, double milliseconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "The face engine could not be prepared; analyses will try again and report the failure")]
    private static partial void LogEngineNotPrepared(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Analysis of photo {PhotoId} finished after its lease was lost; the result was discarded")]
    private static partial void LogLeaseLost(ILogger logger, Guid photoId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Analysis of photo {PhotoId} failed on attempt {Attempt}")]
    private static partial void LogAttemptFailed(ILogger logger, Exception exception, Guid photoId, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not record the failed analysis of photo {PhotoId}")]
    private static partial void LogCouldNotRecord(ILogger logger, Exception exception, Guid photoId);
}
