using FaceAspire.Api.Infrastructure;
using FaceAspire.Api.Storage;
using Microsoft.EntityFrameworkCore;

namespace FaceAspire.Api.Faces;

/// <summary>Reads and changes an owner's face recognition switch (<see cref="FaceOwnerState.RecognitionEnabled"/>).</summary>
public static class FaceRecognitionSettings
{
    /// <summary>On unless the owner turned it off (owners without a state row have it on).</summary>
    public static async Task<bool> IsEnabledAsync(FaceAspireDbContext db, Guid ownerId, CancellationToken cancellationToken) =>
        !await db.FaceOwnerStates.AnyAsync(s => s.OwnerId == ownerId && !s.RecognitionEnabled, cancellationToken);

    /// <summary>Whether the owner of <paramref name="photoId"/> has face recognition on.</summary>
    public static async Task<bool> IsEnabledForPhotoAsync(FaceAspireDbContext db, Guid photoId, CancellationToken cancellationToken) =>
        !await db.Photos.AnyAsync(
            p => p.Id == photoId && db.FaceOwnerStates.Any(s => s.OwnerId == p.OwnerId && !s.RecognitionEnabled), cancellationToken);

    /// <summary>
    /// Turns recognition on or off in one transaction. Off deletes the owner's descriptors and people (faces lose their
    /// person and manual moves), and with the Rekognition engine the owner's faces in their Rekognition collection
    /// (through the deletion outbox, in the same transaction); on queues nothing itself: the re-analysis service gives the photos
    /// their descriptors back, throttled (with the Rekognition engine, photos analysed from then on are indexed).
    /// </summary>
    public static async Task SetAsync(
        FaceAspireDbContext db, ObjectDeleter deleter, IFaceMatcher matcher, Guid ownerId, bool enabled, CancellationToken cancellationToken)
    {
        IReadOnlyList<ObjectDeletion> forgotten = [];
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO face_owner_states ("OwnerId", "RecognitionEnabled", "IndexVersion", "ClusteredVersion")
            VALUES ({ownerId}, {enabled}, 0, 0)
            ON CONFLICT ("OwnerId") DO UPDATE SET "RecognitionEnabled" = {enabled}
            """, cancellationToken);
        if (!enabled)
        {
            var faces = db.PhotoFaces.Where(f => db.Photos.Any(p => p.Id == f.PhotoId && p.OwnerId == ownerId));
            // Each indexed face by its id rather than the whole collection: a retry that runs after recognition was
            // turned on again must not take the newly indexed faces with it.
            var indexed = await faces.Where(f => f.RekognitionFaceId != null).Select(f => f.RekognitionFaceId!).ToListAsync(cancellationToken);
            await faces.ExecuteUpdateAsync(
                set => set.SetProperty(f => f.Embedding, (byte[]?)null)
                    .SetProperty(f => f.RekognitionFaceId, (string?)null)
                    .SetProperty(f => f.PersonId, (Guid?)null)
                    .SetProperty(f => f.PersonLocked, false),
                cancellationToken);
            await db.People.Where(p => p.OwnerId == ownerId).ExecuteDeleteAsync(cancellationToken);
            forgotten = indexed.Count == 0 ? [] : deleter.Schedule(matcher.Forget(ownerId, indexed));
            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        if (forgotten.Count > 0)
        {
            await deleter.DeleteNowAsync(forgotten);
        }
    }
}
