using FaceAspire.Api.Analysis;
using FaceAspire.Api.Infrastructure;
using FaceAspire.Api.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FaceAspire.Api.Faces;

/// <summary>
/// Gives photos analysed without face descriptors (before face search existed, or while their owner had face
/// recognition off; with the Rekognition engine: faces without a Rekognition face id, such as photos analysed by
/// the local engine before the switch), and photos whose faces were described by an older engine version (whose descriptors the
/// search index leaves out: see <see cref="FaceIndex"/>), current descriptors, by queueing a new analysis of each: at most
/// <see cref="FacesOptions.BackfillBatchSize"/> photos per <see cref="FacesOptions.BackfillInterval"/>, oldest first,
/// and only while no other analysis is waiting, so uploads never queue behind it. Each round also deletes any
/// descriptor of a user who has face recognition off: an analysis that read the switch just before the user turned it
/// off may have committed one afterwards.
/// </summary>
public sealed partial class EmbeddingBackfillService(
    IServiceScopeFactory scopes, IOptions<FacesOptions> options, AnalysisQueueSignal queue, IFaceEngine engine, TimeProvider time,
    ILogger<EmbeddingBackfillService> logger) : BackgroundLoop(logger, time)
{
    /// <summary>Queues the next batch; returns how many photos were queued. Public so tests can drive it.</summary>
    public async Task<int> QueueBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>();
        var jobs = scope.ServiceProvider.GetRequiredService<AnalysisJobStore>();
        await db.PhotoFaces
            .Where(f => f.Embedding != null
                && db.Photos.Any(p => p.Id == f.PhotoId && db.FaceOwnerStates.Any(s => s.OwnerId == p.OwnerId && !s.RecognitionEnabled)))
            .ExecuteUpdateAsync(set => set.SetProperty(f => f.Embedding, (byte[]?)null).SetProperty(f => f.PersonId, (Guid?)null), cancellationToken);
        await ForgetStrayRekognitionFacesAsync(scope.ServiceProvider, db, cancellationToken);
        if (options.Value.BackfillBatchSize == 0 || await jobs.CountOutstandingAsync(cancellationToken) > 0)
        {
            return 0;
        }

        // What finds a face again: the descriptor of the local engine, or the face id in Rekognition's collection.
        var descriptors = engine.ProducesDescriptors;
        var current = engine.Version;
        var photos = await db.AnalysisJobs.AsNoTracking()
            .Where(j => j.Status == AnalysisStatus.Succeeded
                && db.PhotoFaces.Any(f => f.PhotoId == j.PhotoId && f.EngineVersion == j.EngineVersion
                    && ((descriptors
                            ? f.Embedding == null
                            : f.RekognitionFaceId == null && f.FaceIndex < RekognitionFaceMatcher.MaxIndexedFaces) // beyond: never indexed
                        || f.EngineVersion != current))
                && db.Photos.Any(p => p.Id == j.PhotoId && !db.FaceOwnerStates.Any(s => s.OwnerId == p.OwnerId && !s.RecognitionEnabled)))
            .OrderBy(j => j.CompletedAt)
            .Select(j => j.PhotoId)
            .Take(options.Value.BackfillBatchSize)
            .ToListAsync(cancellationToken);
        foreach (var photo in photos)
        {
            await jobs.RequestAsync(photo, cancellationToken);
        }

        if (photos.Count > 0)
        {
            queue.Notify();
            LogQueued(logger, photos.Count);
        }

        return photos.Count;
    }

    /// <summary>
    /// Rekognition faces of owners with recognition off that an analysis stored just as the owner turned it off: their
    /// ids are cleared and the faces deleted from the collection through the outbox, in one transaction.
    /// </summary>
    private static async Task ForgetStrayRekognitionFacesAsync(IServiceProvider services, FaceAspireDbContext db, CancellationToken cancellationToken)
    {
        var stray = await (from f in db.PhotoFaces
                           join p in db.Photos on f.PhotoId equals p.Id
                           where f.RekognitionFaceId != null && db.FaceOwnerStates.Any(s => s.OwnerId == p.OwnerId && !s.RecognitionEnabled)
                           select new { f.Id, f.RekognitionFaceId, p.OwnerId }).ToListAsync(cancellationToken);
        if (stray.Count == 0)
        {
            return;
        }

        var deleter = services.GetRequiredService<ObjectDeleter>();
        var matcher = services.GetRequiredService<IFaceMatcher>();
        var ids = stray.Select(f => f.Id).ToList();
        IReadOnlyList<ObjectDeletion> scheduled;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await db.PhotoFaces.Where(f => ids.Contains(f.Id))
                .ExecuteUpdateAsync(set => set.SetProperty(f => f.RekognitionFaceId, (string?)null).SetProperty(f => f.PersonId, (Guid?)null), cancellationToken);
            scheduled = deleter.Schedule(stray.GroupBy(f => f.OwnerId).SelectMany(g => matcher.Forget(g.Key, [.. g.Select(f => f.RekognitionFaceId!)])));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        await deleter.DeleteNowAsync(scheduled);
    }

    protected override string Name => "Descriptor re-analysis";

    protected override TimeSpan PollInterval => options.Value.BackfillInterval;

    protected override async Task<bool> RunPassAsync(CancellationToken cancellationToken)
    {
        await QueueBatchAsync(cancellationToken);
        return false;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Queued {Count} photos for re-analysis to give their faces current descriptors")]
    private static partial void LogQueued(ILogger logger, int count);
}
