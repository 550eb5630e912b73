using FaceAspire.Api.Faces;
using FaceAspire.Api.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FaceAspire.Api.Storage;

/// <summary>A row of <c>object_deletions</c> held by whoever is deleting its objects now.</summary>
public sealed record ClaimedDeletion(Guid Id, string Key, int Attempts);

/// <summary>
/// Deletes objects (and faces in AWS Rekognition: <see cref="IFaceMatcher.Forget"/>) through the deletion outbox (<see cref="ObjectDeletion"/>): <see cref="Schedule"/> adds the rows to
/// the caller's unit of work, so they commit with it; <see cref="DeleteNowAsync"/> then deletes the objects at once and
/// removes the rows it completed. Whatever fails stays for <see cref="ObjectDeletionService"/>, with back-off.
/// </summary>
public sealed partial class ObjectDeleter(
    FaceAspireDbContext db,
    IObjectStore store,
    IFaceMatcher matcher,
    IOptions<ObjectDeletionOptions> options,
    TimeProvider time,
    ILogger<ObjectDeleter> logger)
{
    /// <summary>How long a claimed row is left alone by other instances while its objects are being deleted.</summary>
    internal static readonly TimeSpan ClaimDuration = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Adds one outbox row per key (an object key, or a prefix ending in <c>/</c>) to the context, unsaved. The rows
    /// are claimed by the caller for <see cref="ClaimDuration"/>, long enough for <see cref="DeleteNowAsync"/>; should
    /// the process die first, the deletion service takes them over after that.
    /// </summary>
    public IReadOnlyList<ObjectDeletion> Schedule(IEnumerable<string> keys)
    {
        var now = time.GetUtcNow();
        var rows = keys.Select(key => new ObjectDeletion
        {
            Key = ObjectKeys.Validate(key),
            CreatedAt = now,
            NextAttemptAt = now + ClaimDuration,
        }).ToList();
        db.ObjectDeletions.AddRange(rows);
        return rows;
    }

    /// <summary>
    /// Best effort, after the rows of <see cref="Schedule"/> were committed: deletes their objects now. Never throws;
    /// what is not done is retried by the deletion service.
    /// </summary>
    public async Task DeleteNowAsync(IReadOnlyList<ObjectDeletion> scheduled)
    {
        try
        {
            // Not the request's token: the client may be gone, the deletion should still happen.
            await DeleteClaimedAsync([.. scheduled.Select(d => new ClaimedDeletion(d.Id, d.Key, d.Attempts))], CancellationToken.None);
        }
        catch (Exception ex)
        {
            // The database went away after the commit; the rows are retried once their claim expires.
            LogLeftToService(logger, ex, scheduled.Count);
        }
    }

    /// <summary>
    /// For objects no database row owns yet (a failed upload): deletes them now, and records those that could not be
    /// deleted in the outbox for the deletion service. When the database cannot record them either, they are logged
    /// as orphaned.
    /// </summary>
    public async Task DeleteOrScheduleAsync(IReadOnlyList<string> keys)
    {
        var failed = new List<(string Key, string Error)>();
        foreach (var (key, error) in await TryDeleteAsync(keys, CancellationToken.None))
        {
            if (error is not null)
            {
                failed.Add((key, error));
            }
        }

        if (failed.Count == 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        try
        {
            db.ObjectDeletions.AddRange(failed.Select(f => new ObjectDeletion
            {
                Key = f.Key,
                CreatedAt = now,
                Attempts = 1,
                NextAttemptAt = now + Backoff(1),
                LastError = Truncate(f.Error),
            }));
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception ex)
        {
            db.ChangeTracker.Clear();
            foreach (var (key, _) in failed)
            {
                LogOrphan(logger, ex, key);
            }
        }
    }

    /// <summary>
    /// Deletes the objects of rows the caller has claimed: completed rows are removed, failed ones get their attempt
    /// counted and their next attempt pushed out. Returns how many were completed.
    /// </summary>
    public async Task<int> DeleteClaimedAsync(IReadOnlyList<ClaimedDeletion> claimed, CancellationToken cancellationToken)
    {
        var outcomes = await TryDeleteAsync([.. claimed.Select(c => c.Key)], cancellationToken);
        var done = new List<Guid>();
        for (var i = 0; i < claimed.Count; i++)
        {
            var row = claimed[i];
            if (outcomes[i].Error is not { } error)
            {
                done.Add(row.Id);
                continue;
            }

            var attempt = row.Attempts + 1;
            LogNotDeleted(logger, row.Key, attempt, error);
            var next = time.GetUtcNow() + Backoff(attempt);
            var message = Truncate(error);
            await db.ObjectDeletions.Where(d => d.Id == row.Id).ExecuteUpdateAsync(
                set => set.SetProperty(d => d.NextAttemptAt, next).SetProperty(d => d.Attempts, attempt)
                    .SetProperty(d => d.LastError, message),
                CancellationToken.None);
        }

        if (done.Count > 0)
        {
            await db.ObjectDeletions.Where(d => done.Contains(d.Id)).ExecuteDeleteAsync(CancellationToken.None);
        }

        return done.Count;
    }

    /// <summary>Delay after the <paramref name="failures"/>-th failed attempt: RetryDelay, doubled each time, capped.</summary>
    internal TimeSpan Backoff(int failures) => RetryBackoff.After(failures, options.Value.RetryDelay, options.Value.MaxRetryDelay);

    /// <summary>
    /// Deletes each key or prefix; the error of each that failed, null for those done. Once storage is unavailable the
    /// remaining keys are not tried: they fail with the same reason.
    /// </summary>
    private async Task<List<(string Key, string? Error)>> TryDeleteAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var outcomes = new List<(string Key, string? Error)>(keys.Count);
        string? outage = null;
        foreach (var key in keys)
        {
            var error = outage;
            if (error is null)
            {
                try
                {
                    await DeleteAsync(key, cancellationToken);
                }
                catch (StorageUnavailableException ex)
                {
                    error = outage = ex.Message;
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    error = $"{ex.GetType().Name}: {ex.Message}";
                }
            }

            outcomes.Add((key, error));
        }

        return outcomes;
    }

    private async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        ObjectKeys.Validate(key);
        if (key.StartsWith(ObjectKeys.RekognitionPrefix, StringComparison.Ordinal))
        {
            // Faces in the owner's Rekognition collection, deleted through the same outbox as their photo's objects.
            await matcher.DeleteAsync(key, cancellationToken);
            return;
        }

        if (!ObjectDeletion.IsPrefix(key))
        {
            await store.DeleteAsync(key, cancellationToken);
            return;
        }

        // Listed first, deleted after: no store has to cope with deletes in the middle of its own listing.
        var found = new List<string>();
        await foreach (var item in store.ListAsync(key, cancellationToken))
        {
            found.Add(item);
        }

        foreach (var item in found)
        {
            await store.DeleteAsync(item, cancellationToken);
        }
    }

    private static string Truncate(string error) => error.Length <= 500 ? error : error[..500];

    [LoggerMessage(Level = LogLevel.Warning, Message = "Object {Key} not deleted (attempt {Attempt}): {Reason}")]
    private static partial void LogNotDeleted(ILogger logger, string key, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} object deletions are left to the deletion service")]
    private static partial void LogLeftToService(ILogger logger, Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not delete object {Key} nor record it for a later deletion; it is orphaned")]
    private static partial void LogOrphan(ILogger logger, Exception exception, string key);
}
