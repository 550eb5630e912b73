using FaceAspire.Api.Infrastructure;
using FaceAspire.Vision.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FaceAspire.Api.Faces;

/// <summary>
/// One clustering run for one owner whose faces changed (<see cref="FaceOwnerState.IndexVersion"/> ahead of
/// <see cref="FaceOwnerState.ClusteredVersion"/>): <see cref="FaceClustering"/>'s rule over the owner's faces as the
/// engine's <see cref="IFaceMatcher"/> matches them (descriptors, or Rekognition's SearchFaces) gives faces
/// without a person one, creating people as needed; faces with a person and faces the owner moved stay as they are.
/// The owner is claimed with a transaction-scoped advisory lock, so instances never cluster one owner at once, and
/// analyses of the owner's photos are not held up meanwhile.
/// </summary>
public sealed class PeopleClusterer(FaceAspireDbContext db, IFaceMatcher matcher, IOptions<FacesOptions> options, TimeProvider time)
{
    /// <summary>Clusters one due owner; false when none was due (or all were being clustered elsewhere).</summary>
    public async Task<bool> ClusterNextAsync(CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var due = await db.Database.SqlQuery<DueOwner>($"""
            SELECT s."OwnerId", s."IndexVersion" FROM face_owner_states AS s
            WHERE s."IndexVersion" > s."ClusteredVersion" AND s."RecognitionEnabled"
              AND pg_try_advisory_xact_lock(hashtextextended('faceaspire-people:' || s."OwnerId"::text, 0))
            LIMIT 1
            """).ToListAsync(cancellationToken);
        if (due is not [var owner])
        {
            return false;
        }

        var faces = await matcher.GroupingAsync(db, owner.OwnerId, cancellationToken);
        var current = await FaceQueries.CurrentFaces(db, owner.OwnerId).Where(f => f.Embedding != null || f.RekognitionFaceId != null)
            .Select(f => new { f.Id, f.PersonId, f.PersonLocked })
            .ToDictionaryAsync(f => f.Id, cancellationToken);
        var people = current.Values.Where(f => f.PersonId is not null).Select(f => f.PersonId!.Value).Distinct().ToList();
        var labelOf = people.Select((p, i) => (p, i)).ToDictionary(x => x.p, x => x.i);
        var labels = new int[faces.Faces.Count];
        var frozen = new bool[faces.Faces.Count];
        for (var row = 0; row < labels.Length; row++)
        {
            var found = current.GetValueOrDefault(faces.Faces[row].FaceId);
            labels[row] = found?.PersonId is { } person ? labelOf[person] : FaceClustering.None;
            // A face deleted since the index was read is left alone, as is one the owner moved.
            frozen[row] = found is null || found.PersonLocked;
        }

        var settings = FaceClusteringOptions.Default with { MinFaces = options.Value.MinFacesPerPerson };
        var assigned = await faces.AssignAsync(labels, frozen, settings, AddPerson, cancellationToken);
        var now = time.GetUtcNow();
        var changed = Enumerable.Range(0, labels.Length).Where(r => labels[r] != assigned[r]).ToList();
        // A photo being deleted holds its row while it deletes its faces; share-locking the photos first (in one
        // order) makes this run wait for such a delete instead of deadlocking with it over the face rows.
        var photoIds = changed.Select(r => faces.Faces[r].PhotoId).Distinct().Order().ToArray();
        await db.Database.SqlQuery<Guid>($"""SELECT p."Id" AS "Value" FROM photos AS p WHERE p."Id" = ANY({photoIds}) ORDER BY p."Id" FOR KEY SHARE""")
            .ToListAsync(cancellationToken);
        foreach (var group in changed.GroupBy(r => assigned[r]))
        {
            var personId = people[group.Key];
            var ids = group.Select(r => faces.Faces[r].FaceId).ToList();
            if (!labelOf.ContainsKey(personId))
            {
                db.People.Add(new Person { Id = personId, OwnerId = owner.OwnerId, CreatedAt = now });
                await db.SaveChangesAsync(cancellationToken);
                labelOf[personId] = group.Key;
            }

            // Only faces still without a person and not moved by hand: a move made meanwhile wins.
            await db.PhotoFaces.Where(f => ids.Contains(f.Id) && f.PersonId == null && !f.PersonLocked)
                .ExecuteUpdateAsync(set => set.SetProperty(f => f.PersonId, personId), cancellationToken);
        }

        // Unnamed people left without faces (their photos were deleted) are nobody.
        await db.People.Where(p => p.OwnerId == owner.OwnerId && p.Name == null && !db.PhotoFaces.Any(f => f.PersonId == p.Id))
            .ExecuteDeleteAsync(cancellationToken);
        await db.FaceOwnerStates.Where(s => s.OwnerId == owner.OwnerId && s.ClusteredVersion < faces.Version)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.ClusteredVersion, faces.Version), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;

        int AddPerson()
        {
            people.Add(Guid.CreateVersion7());
            return people.Count - 1;
        }
    }

    private sealed record DueOwner(Guid OwnerId, long IndexVersion);
}
