using FaceAspire.Api.Accounts;
using FaceAspire.Api.Faces;
using FaceAspire.Api.Infrastructure;
using FaceAspire.Api.Storage;
using Microsoft.EntityFrameworkCore;

namespace FaceAspire.Api.Privacy;

/// <summary>
/// Deletes an account with everything it owns, in one transaction: the user row goes, and the foreign keys that
/// point at users (<c>ON DELETE CASCADE</c>) take its photos, their analysis jobs, faces and descriptors, review items
/// and alert outbox rows, its people, sessions and face settings with it. A table that holds a user's data joins by
/// declaring its foreign key to <c>users</c> (or to a table that cascades from it) with <c>ON DELETE CASCADE</c>.
/// The stored objects (and, with the Rekognition engine, the user's Rekognition collection) are recorded in the deletion outbox in the same transaction and deleted after the commit, so
/// an outage leaves either everything or nothing deleted, never half an account.
/// </summary>
public sealed partial class AccountEraser(
    FaceAspireDbContext db,
    ObjectDeleter deleter,
    FaceIndex faceIndex,
    IFaceMatcher matcher,
    ActiveSessionCache activeSessions,
    TimeProvider time,
    ILogger<AccountEraser> logger)
{
    /// <summary>The name review decisions of a deleted administrator are kept under.</summary>
    public const string DeletedActor = "deleted account";

    /// <summary>Deletes the account; false when it was already gone.</summary>
    public async Task<bool> EraseAsync(Guid userId, CancellationToken cancellationToken)
    {
        IReadOnlyList<ObjectDeletion> scheduled;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            // Locks the user row: an upload committing now waits (its photo row's foreign key needs the row) and then
            // fails, so no photo can slip in between the listing below and the delete, leaving objects nobody deletes.
            var user = await db.Users.FromSql($"""SELECT * FROM users WHERE "Id" = {userId} FOR UPDATE""")
                .SingleOrDefaultAsync(cancellationToken);
            if (user is null)
            {
                return false;
            }

            var photos = await db.Photos.Where(p => p.OwnerId == userId).Select(p => p.Id).ToListAsync(cancellationToken);
            var faces = await db.PhotoFaces.CountAsync(f => db.Photos.Any(p => p.Id == f.PhotoId && p.OwnerId == userId), cancellationToken);
            var people = await db.People.CountAsync(p => p.OwnerId == userId, cancellationToken);
            // With Analysis:Engine=Rekognition the user's Rekognition collection goes too (nothing with the local engine).
            scheduled = deleter.Schedule([
                .. photos.SelectMany(id => new[] { ObjectKeys.PhotoFolder(id), ObjectKeys.ResultsFolder(id) }), .. matcher.Forget(userId, null)]);

            // Review decisions on other users' photos stay (the audit trail), without the person who made them.
            await db.ReviewAudit.Where(a => a.ActorId == userId).ExecuteUpdateAsync(
                set => set.SetProperty(a => a.ActorId, (Guid?)null).SetProperty(a => a.ActorEmail, DeletedActor),
                cancellationToken);
            db.AccountDeletions.Add(new AccountDeletionRecord
            {
                DeletedAt = time.GetUtcNow(),
                Photos = photos.Count,
                Faces = faces,
                People = people,
                WasAdmin = user.Roles.Contains(Roles.Admin),
            });
            db.Users.Remove(user);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            LogErased(logger, photos.Count, faces, people);
        }

        faceIndex.Forget(userId);
        // Its sessions went with the user row (other instances hear it from the sessions channel).
        activeSessions.ForgetAll();
        await deleter.DeleteNowAsync(scheduled);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "An account was deleted with {Photos} photos, {Faces} faces and {People} people")]
    private static partial void LogErased(ILogger logger, int photos, int faces, int people);
}
