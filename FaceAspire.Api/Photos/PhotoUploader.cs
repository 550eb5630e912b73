using System.Security.Cryptography;
using FaceAspire.Api.Analysis;
using FaceAspire.Api.Imaging;
using FaceAspire.Vision.Imaging;
using FaceAspire.Api.Infrastructure;
using FaceAspire.Api.Limits;
using FaceAspire.Api.Storage;
using FaceAspire.ServiceDefaults;

namespace FaceAspire.Api.Photos;

/// <summary>
/// Stores uploads all-or-nothing: every file is validated before anything is written; objects are written first,
/// then the rows (photo and its queued analysis) are inserted in one transaction; if anything fails after the first object, the written objects are
/// deleted again, so a failed upload leaves neither rows nor objects behind. Objects that cannot be deleted then (storage
/// failing too) are recorded in the deletion outbox, when the database can take it, for a later attempt. When the
/// database goes away during the COMMIT itself, the rows may or may not be stored; the objects then stay for the
/// orphan sweep of the privacy upkeep, which deletes them only if no photo row claims them.
/// </summary>
public sealed partial class PhotoUploader(
    FaceAspireDbContext db,
    IObjectStore store,
    ObjectDeleter deleter,
    ImageProcessor images,
    TimeProvider time,
    AnalysisQueueSignal analysisQueue,
    UploadHandover handover,
    UsageQuota quota,
    ILogger<PhotoUploader> logger)
{
    /// <exception cref="ImageRejectedException">A file is not an acceptable image; nothing was stored.</exception>
    /// <exception cref="QuotaExceededException">The upload would pass the owner's storage quota or queue cap; nothing was stored.</exception>
    /// <param name="ownerId">The uploading user.</param>
    /// <param name="files">The files, each stored as one photo.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <param name="alsoInsert">A row to insert in the same transaction as the photos, made from them (an idempotency record).</param>
    public async Task<IReadOnlyList<Photo>> UploadAsync(
        Guid ownerId, IReadOnlyList<UploadedFile> files, CancellationToken cancellationToken, Func<IReadOnlyList<Photo>, object>? alsoInsert = null)
    {
        // Checked before any work, then again under the owner's lock in the transaction that inserts the rows.
        var addedBytes = files.Sum(f => (long)f.Content.Length);
        await quota.EnsureUploadFitsAsync(ownerId, addedBytes, files.Count, cancellationToken);
        var processed = files.Select((file, index) => (file, image: ProcessOne(file, index, files.Count))).ToList();

        var written = new List<string>();
        try
        {
            var photos = new List<Photo>();
            foreach (var (file, image) in processed)
            {
                var id = Guid.CreateVersion7();
                var photo = new Photo
                {
                    Id = id,
                    OwnerId = ownerId,
                    FileName = FileNames.Sanitize(file.FileName),
                    ContentType = ImageFormatSniffer.ContentType(image.Format),
                    Width = image.Width,
                    Height = image.Height,
                    SizeBytes = file.Content.Length,
                    Sha256 = Convert.ToHexStringLower(SHA256.HashData(file.Content)),
                    OriginalKey = ObjectKeys.Original(id),
                    DisplayKey = ObjectKeys.Display(id),
                    ThumbnailKey = ObjectKeys.Thumbnail(id),
                    CreatedAt = time.GetUtcNow(),
                };
                await PutAsync(photo.OriginalKey, file.Content, photo.ContentType, written, cancellationToken);
                await PutAsync(photo.DisplayKey, image.Display, "image/jpeg", written, cancellationToken);
                await PutAsync(photo.ThumbnailKey, image.Thumbnail, "image/jpeg", written, cancellationToken);
                photos.Add(photo);
            }

            db.Photos.AddRange(photos);
            // The analysis is queued in the same transaction: a stored photo always has its job, and vice versa.
            db.AnalysisJobs.AddRange(photos.Select(p => new AnalysisJob
            {
                PhotoId = p.Id,
                RequestedAt = p.CreatedAt,
                AvailableAt = p.CreatedAt,
                TraceParent = Telemetry.CurrentTraceParent,
            }));
            if (alsoInsert is not null)
            {
                db.Add(alsoInsert(photos));
            }

            // One transaction: all rows or none, counted against the quotas under the owner's lock.
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await quota.EnsureUploadFitsAsync(ownerId, addedBytes, files.Count, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            try
            {
                await transaction.CommitAsync(cancellationToken);
            }
            catch (Exception ex) when (DatabaseAvailability.IsUnavailable(ex))
            {
                // The connection died with the COMMIT in flight: the rows may have been stored. Deleting the objects
                // now could leave a stored photo without its images, so they are left to the privacy upkeep's orphan
                // sweep, which deletes them only if no photo row has them once they are old enough.
                written.Clear();
                LogCommitUnknown(logger, ex, photos.Count);
                throw;
            }

            for (var i = 0; i < photos.Count; i++)
            {
                var image = processed[i].image;
                handover.Offer(photos[i].Id, new HandedOverImage(image.Display, image.DisplayDecodesToPixels ? image.Pixels : null));
            }

            analysisQueue.Notify();
            return photos;
        }
        catch
        {
            db.ChangeTracker.Clear();
            await deleter.DeleteOrScheduleAsync(written);
            throw;
        }
    }

    private ProcessedImage ProcessOne(UploadedFile file, int index, int count)
    {
        try
        {
            return images.Process(file.Content);
        }
        catch (ImageRejectedException rejected) when (count > 1)
        {
            throw new ImageRejectedException(
                rejected.StatusCode,
                rejected.Title,
                $"File {index + 1} ('{FileNames.Sanitize(file.FileName)}'): {rejected.Message}");
        }
    }

    private async Task PutAsync(string key, byte[] content, string contentType, List<string> written, CancellationToken cancellationToken)
    {
        // Recorded before the write: a failed write may still have left a partial object to clean up.
        written.Add(key);
        await store.PutAsync(key, content, contentType, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database went away while {Count} uploaded photos were being committed; their objects are left to the orphan sweep")]
    private static partial void LogCommitUnknown(ILogger logger, Exception exception, int count);
}
