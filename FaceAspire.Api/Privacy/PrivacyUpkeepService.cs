using FaceAspire.Api.Infrastructure;
using FaceAspire.Api.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FaceAspire.Api.Privacy;

/// <summary>What one upkeep pass did.</summary>
public sealed record UpkeepReport(int OriginalsDeleted, int RefreshTokensPurged, int AlertsPurged, int OrphanFoldersDeleted);

/// <summary>
/// Keeps personal data no longer than configured (<see cref="PrivacyOptions"/>): deletes originals past the retention
/// (display image and results stay), purges expired refresh tokens and delivered alert outbox rows, and sweeps stored
/// objects left without a photo row by a crash. Objects always go through the deletion outbox, scheduled in the same
/// transaction that changes the rows.
/// </summary>
public sealed partial class PrivacyUpkeepService(
    IServiceScopeFactory scopes,
    IOptions<PrivacyOptions> options,
    TimeProvider time,
    ILogger<PrivacyUpkeepService> logger) : BackgroundLoop(logger, time)
{
    private const int BatchSize = 100;

    protected override string Name => "Privacy upkeep";

    protected override TimeSpan PollInterval => options.Value.UpkeepInterval;

    /// <summary>Runs every upkeep step once. Public so tests can drive it.</summary>
    public async Task<UpkeepReport> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var report = new UpkeepReport(
            await DeleteExpiredOriginalsAsync(services, cancellationToken),
            await PurgeRefreshTokensAsync(services, cancellationToken),
            await PurgeDeliveredAlertsAsync(services, cancellationToken),
            await SweepOrphansAsync(services, cancellationToken));
        if (report != new UpkeepReport(0, 0, 0, 0))
        {
            LogUpkeep(logger, report.OriginalsDeleted, report.RefreshTokensPurged, report.AlertsPurged, report.OrphanFoldersDeleted);
        }

        return report;
    }

    protected override async Task<bool> RunPassAsync(CancellationToken cancellationToken)
    {
        await RunOnceAsync(cancellationToken);
        return false;
    }

    private async Task<int> DeleteExpiredOriginalsAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        if (options.Value.OriginalRetentionDays == 0)
        {
            return 0;
        }

        var db = services.GetRequiredService<FaceAspireDbContext>();
        var deleter = services.GetRequiredService<ObjectDeleter>();
        var now = Time.GetUtcNow();
        var cutoff = now - TimeSpan.FromDays(options.Value.OriginalRetentionDays);
        var total = 0;
        while (true)
        {
            IReadOnlyList<ObjectDeletion> scheduled;
            await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
            {
                var keys = await db.Database.SqlQuery<string>($"""
                    UPDATE photos AS p SET "OriginalDeletedAt" = {now}
                    WHERE p."Id" IN (
                        SELECT o."Id" FROM photos AS o
                        WHERE o."OriginalDeletedAt" IS NULL AND o."CreatedAt" < {cutoff}
                        ORDER BY o."CreatedAt"
                        LIMIT {BatchSize}
                        FOR UPDATE SKIP LOCKED)
                    RETURNING p."OriginalKey" AS "Value"
                    """).ToListAsync(cancellationToken);
                if (keys.Count == 0)
                {
                    return total;
                }

                scheduled = deleter.Schedule(keys);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                total += keys.Count;
            }

            await deleter.DeleteNowAsync(scheduled);
        }
    }

    private async Task<int> PurgeRefreshTokensAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var cutoff = Time.GetUtcNow() - options.Value.PurgeAfter;
        return await services.GetRequiredService<FaceAspireDbContext>().RefreshTokens
            .Where(t => t.ExpiresAt < cutoff).ExecuteDeleteAsync(cancellationToken);
    }

    private async Task<int> PurgeDeliveredAlertsAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var cutoff = Time.GetUtcNow() - options.Value.PurgeAfter;
        return await services.GetRequiredService<FaceAspireDbContext>().AlertOutbox
            .Where(a => a.DeliveredAt != null && a.DeliveredAt < cutoff).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>
    /// Every object lives under its photo's folder (<c>photos/{id}/</c>, <c>results/{id}/</c>). A folder whose photo
    /// row does not exist is deleted, but only when the photo id (a version 7 id, which carries the time it was made,
    /// before the upload wrote anything) is older than <see cref="PrivacyOptions.OrphanMinAge"/>: a younger one may
    /// belong to an upload whose rows are still being committed. A folder whose name is not such an id is left alone.
    /// </summary>
    private async Task<int> SweepOrphansAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var store = services.GetRequiredService<IObjectStore>();
        var bornBefore = Time.GetUtcNow() - options.Value.OrphanMinAge;
        var candidates = new HashSet<(string Prefix, Guid Id)>();
        foreach (var prefix in new[] { ObjectKeys.PhotosPrefix, ObjectKeys.ResultsPrefix })
        {
            await foreach (var key in store.ListAsync(prefix, cancellationToken))
            {
                var folder = key[prefix.Length..].Split('/')[0];
                if (Guid.TryParseExact(folder, "N", out var id) && CreatedAt(id) is { } created && created < bornBefore)
                {
                    candidates.Add((prefix, id));
                }
            }
        }

        if (candidates.Count == 0)
        {
            return 0;
        }

        var db = services.GetRequiredService<FaceAspireDbContext>();
        var deleter = services.GetRequiredService<ObjectDeleter>();
        var swept = 0;
        foreach (var batch in candidates.Chunk(BatchSize))
        {
            var ids = batch.Select(c => c.Id).Distinct().ToList();
            var owned = (await db.Photos.Where(p => ids.Contains(p.Id)).Select(p => p.Id).ToListAsync(cancellationToken)).ToHashSet();
            var orphans = batch.Where(c => !owned.Contains(c.Id)).Select(c => $"{c.Prefix}{c.Id:N}/").ToList();
            if (orphans.Count == 0)
            {
                continue;
            }

            foreach (var orphan in orphans)
            {
                LogOrphan(logger, orphan);
            }

            var scheduled = deleter.Schedule(orphans);
            await db.SaveChangesAsync(cancellationToken);
            await deleter.DeleteNowAsync(scheduled);
            swept += orphans.Count;
        }

        return swept;
    }

    /// <summary>When a version 7 id was made (its first 48 bits are Unix milliseconds); null for other ids.</summary>
    internal static DateTimeOffset? CreatedAt(Guid id)
    {
        if (id.Version != 7)
        {
            return null;
        }

        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        long milliseconds = 0;
        foreach (var b in bytes[..6])
        {
            milliseconds = (milliseconds << 8) | b;
        }

        return DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Privacy upkeep: {Originals} originals past retention deleted, {Tokens} refresh tokens and {Alerts} delivered alerts purged, {Orphans} orphaned folders deleted")]
    private static partial void LogUpkeep(ILogger logger, int originals, int tokens, int alerts, int orphans);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stored objects under {Folder} have no photo row; deleting them")]
    private static partial void LogOrphan(ILogger logger, string folder);
}
