using System.IO.Compression;
using System.Text.Json;
using FaceAspire.Api.Infrastructure;
using FaceAspire.Api.Photos;
using FaceAspire.Api.Storage;
using Microsoft.EntityFrameworkCore;

namespace FaceAspire.Api.Privacy;

/// <summary>
/// Data portability: one zip with the account (<c>account.json</c>), every photo (the original, or the display image
/// once retention removed the original) under <c>photos/</c>, each stored analysis result under <c>results/</c>, and
/// <c>photos.json</c> and <c>people.json</c> tying them together. Built in a temporary file that is deleted when the
/// response has been sent, so a large account costs disk, not memory.
/// </summary>
public sealed class AccountExporter(FaceAspireDbContext db, IObjectStore store, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The zip, positioned at its start; null when the account does not exist.</summary>
    public async Task<Stream?> ExportAsync(Guid userId, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return null;
        }

        var photos = await db.Photos.AsNoTracking().Where(p => p.OwnerId == userId).OrderBy(p => p.CreatedAt)
            .GroupJoin(db.AnalysisJobs.AsNoTracking(), p => p.Id, j => j.PhotoId, (p, jobs) => new { Photo = p, Jobs = jobs })
            .SelectMany(x => x.Jobs.DefaultIfEmpty(), (x, job) => new { x.Photo, Job = job })
            .ToListAsync(cancellationToken);
        var faces = (await db.PhotoFaces.AsNoTracking()
                .Where(f => db.Photos.Any(p => p.Id == f.PhotoId && p.OwnerId == userId))
                .Select(f => new { f.Id, f.PhotoId, f.EngineVersion, f.PersonId, f.Confidence, f.BoxLeft, f.BoxTop, f.BoxWidth, f.BoxHeight })
                .ToListAsync(cancellationToken))
            .ToLookup(f => f.PhotoId);
        var people = await db.People.AsNoTracking().Where(p => p.OwnerId == userId).OrderBy(p => p.CreatedAt)
            .Select(p => new { p.Id, p.Name, p.CreatedAt }).ToListAsync(cancellationToken);

        var file = new FileStream(
            Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            var listing = new List<object>(photos.Count);
            using (var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true))
            {
                foreach (var (photo, job) in photos.Select(x => (x.Photo, x.Job)))
                {
                    var imageKey = photo.OriginalDeletedAt is null ? photo.OriginalKey : photo.DisplayKey;
                    var imageName = photo.OriginalDeletedAt is null ? FileNames.Sanitize(photo.FileName) : "display.jpg";
                    var imagePath = $"photos/{photo.Id:N}/{imageName}";
                    var imageStored = await CopyAsync(zip, imageKey, imagePath, CompressionLevel.NoCompression, cancellationToken);
                    var resultPath = job?.ResultKey is { } resultKey
                        && await CopyAsync(zip, resultKey, $"results/{photo.Id:N}.json", CompressionLevel.Optimal, cancellationToken)
                        ? $"results/{photo.Id:N}.json"
                        : null;
                    var current = faces[photo.Id].Where(f => job is null || f.EngineVersion == job.EngineVersion);
                    listing.Add(new
                    {
                        photo.Id,
                        photo.FileName,
                        photo.ContentType,
                        photo.Width,
                        photo.Height,
                        photo.SizeBytes,
                        photo.Sha256,
                        photo.CreatedAt,
                        photo.OriginalDeletedAt,
                        Image = imageStored ? imagePath : null,
                        Analysis = job is null ? null : new { job.Status, job.EngineVersion, job.CompletedAt, job.FaceCount, job.Error, Result = resultPath },
                        Faces = current.Select(f => new
                        {
                            FaceId = f.Id,
                            f.PersonId,
                            f.Confidence,
                            BoundingBox = new { Left = f.BoxLeft, Top = f.BoxTop, Width = f.BoxWidth, Height = f.BoxHeight },
                        }),
                    });
                }

                WriteJson(zip, "account.json", new { user.Id, user.Email, user.Roles, user.CreatedAt, ExportedAt = time.GetUtcNow() });
                WriteJson(zip, "photos.json", listing);
                WriteJson(zip, "people.json", people);
            }

            file.Position = 0;
            return file;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    private async Task<bool> CopyAsync(ZipArchive zip, string key, string path, CompressionLevel level, CancellationToken cancellationToken)
    {
        await using var source = await store.OpenReadAsync(key, cancellationToken);
        if (source is null)
        {
            return false;
        }

        await using var target = zip.CreateEntry(path, level).Open();
        await source.CopyToAsync(target, cancellationToken);
        return true;
    }

    private static void WriteJson(ZipArchive zip, string path, object value)
    {
        using var target = zip.CreateEntry(path, CompressionLevel.Optimal).Open();
        JsonSerializer.Serialize(target, value, Json);
    }
}
