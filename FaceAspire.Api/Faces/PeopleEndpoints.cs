using FaceAspire.Api.Analysis;
using FaceAspire.Api.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace FaceAspire.Api.Faces;

/// <summary>
/// <c>/api/people</c> and <c>POST /api/faces/{faceId}/person</c>: the people clustering found, named, merged and
/// corrected by their owner. Every query names the owner, so another user's person or face is 404.
/// </summary>
internal static class PeopleEndpoints
{
    public static async Task<Results<Ok<IReadOnlyList<PersonResponse>>, ProblemHttpResult>> ListAsync(
        HttpContext context, FaceAspireDbContext db, CancellationToken cancellationToken)
    {
        var owner = FaceQueries.Owner(context);
        if (!await FaceRecognitionSettings.IsEnabledAsync(db, owner, cancellationToken))
        {
            return FaceQueries.RecognitionOff();
        }

        var people = await db.People.AsNoTracking().Where(p => p.OwnerId == owner).ToListAsync(cancellationToken);
        var faces = await FaceQueries.CurrentFaces(db, owner).AsNoTracking().Where(f => f.PersonId != null).ToListAsync(cancellationToken);
        var byPerson = faces.ToLookup(f => f.PersonId!.Value);
        IReadOnlyList<PersonResponse> body = [.. people
            .Select(p => Describe(p, byPerson[p.Id]))
            .Where(p => p.FaceCount > 0 || p.Name is not null)
            .OrderBy(p => p.Name is null).ThenBy(p => p.Name, StringComparer.CurrentCultureIgnoreCase).ThenByDescending(p => p.FaceCount).ThenBy(p => p.Id)];
        return TypedResults.Ok(body);
    }

    public static async Task<Results<Ok<PersonFacesResponse>, NotFound, ProblemHttpResult>> FacesAsync(
        Guid id, HttpContext context, FaceAspireDbContext db, CancellationToken cancellationToken)
    {
        var owner = FaceQueries.Owner(context);
        if (await db.People.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id && p.OwnerId == owner, cancellationToken) is not { } person)
        {
            return TypedResults.NotFound();
        }

        var faces = await FaceQueries.CurrentFaces(db, owner).AsNoTracking().Where(f => f.PersonId == id)
            .OrderByDescending(f => f.PhotoId).ThenBy(f => f.FaceIndex).ToListAsync(cancellationToken);
        return TypedResults.Ok(new PersonFacesResponse(Describe(person, faces), [.. faces.Select(FaceQueries.ToResponse)]));
    }

    public static async Task<Results<Ok<PersonResponse>, NotFound, ValidationProblem>> RenameAsync(
        Guid id, RenamePersonRequest request, HttpContext context, FaceAspireDbContext db, CancellationToken cancellationToken)
    {
        var name = string.IsNullOrWhiteSpace(request.Name) ? null : request.Name.Trim();
        if (name is { Length: > Person.MaxNameLength })
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["name"] = [$"A name has at most {Person.MaxNameLength} characters."],
            });
        }

        var owner = FaceQueries.Owner(context);
        if (await db.People.SingleOrDefaultAsync(p => p.Id == id && p.OwnerId == owner, cancellationToken) is not { } person)
        {
            return TypedResults.NotFound();
        }

        person.Name = name;
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(await DescribeAsync(db, owner, person, cancellationToken));
    }

    public static async Task<Results<Ok<PersonResponse>, NotFound, ValidationProblem>> MergeAsync(
        Guid id, MergePeopleRequest request, HttpContext context, FaceAspireDbContext db, CancellationToken cancellationToken)
    {
        if (request.OtherPersonId == id)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["otherPersonId"] = ["A person cannot be merged with themselves."],
            });
        }

        var owner = FaceQueries.Owner(context);
        var pair = await db.People.Where(p => p.OwnerId == owner && (p.Id == id || p.Id == request.OtherPersonId)).ToListAsync(cancellationToken);
        if (pair.Count != 2)
        {
            return TypedResults.NotFound();
        }

        var (kept, other) = (pair.Single(p => p.Id == id), pair.Single(p => p.Id != id));
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.PhotoFaces.Where(f => f.PersonId == other.Id).ExecuteUpdateAsync(set => set.SetProperty(f => f.PersonId, kept.Id), cancellationToken);
        kept.Name ??= other.Name;
        db.People.Remove(other);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(await DescribeAsync(db, owner, kept, cancellationToken));
    }

    public static async Task<Results<Ok<PersonFaceResponse>, NotFound>> MoveFaceAsync(
        Guid faceId, MoveFaceRequest request, HttpContext context, FaceAspireDbContext db, CancellationToken cancellationToken)
    {
        var owner = FaceQueries.Owner(context);
        var face = await FaceQueries.CurrentFaces(db, owner).SingleOrDefaultAsync(f => f.Id == faceId, cancellationToken);
        if (face is null || (request.PersonId is { } target && !await db.People.AnyAsync(p => p.Id == target && p.OwnerId == owner, cancellationToken)))
        {
            return TypedResults.NotFound();
        }

        var previous = face.PersonId;
        face.PersonId = request.PersonId;
        face.PersonLocked = true;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        if (previous is { } emptied && previous != request.PersonId)
        {
            // An unnamed person left without faces is nobody; a named one stays, to be moved into again.
            await db.People.Where(p => p.Id == emptied && p.Name == null && !db.PhotoFaces.Any(f => f.PersonId == emptied))
                .ExecuteDeleteAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(FaceQueries.ToResponse(face));
    }

    private static async Task<PersonResponse> DescribeAsync(FaceAspireDbContext db, Guid owner, Person person, CancellationToken cancellationToken) =>
        Describe(person, await FaceQueries.CurrentFaces(db, owner).AsNoTracking().Where(f => f.PersonId == person.Id).ToListAsync(cancellationToken));

    private static PersonResponse Describe(Person person, IEnumerable<PhotoFace> faces)
    {
        var list = faces.ToList();
        // The cover is the person's largest face, as the clearest picture of them.
        var cover = list.MaxBy(f => f.BoxWidth * f.BoxHeight);
        return new PersonResponse(
            person.Id, person.Name, list.Count, list.Select(f => f.PhotoId).Distinct().Count(), cover is null ? null : FaceQueries.ToResponse(cover));
    }
}
