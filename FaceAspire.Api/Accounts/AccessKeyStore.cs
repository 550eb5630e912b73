using System.Security.Cryptography;
using FaceAspire.Api.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace FaceAspire.Api.Accounts;

/// <summary>A newly created access key: the only time its secret is shown.</summary>
public sealed record CreatedAccessKeyResponse(string AccessKeyId, string SecretAccessKey, DateTimeOffset CreatedAt);

/// <summary>An access key as the owner lists it; never its secret.</summary>
public sealed record AccessKeyResponse(string AccessKeyId, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt);

/// <summary>Creates, lists, deletes and resolves users' access keys; secrets go through Data Protection.</summary>
public sealed class AccessKeyStore(FaceAspireDbContext db, IDataProtectionProvider protection, TimeProvider time)
{
    /// <summary>Most keys one user may hold at once, as AWS allows per IAM user.</summary>
    public const int MaxKeysPerUser = 2;

    private const string IdAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private const string SecretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    private readonly IDataProtector _protector = protection.CreateProtector("FaceAspire.Accounts.AccessKeys.v1");

    /// <summary>A new key for the user, or null when they already hold <see cref="MaxKeysPerUser"/>.</summary>
    public async Task<CreatedAccessKeyResponse?> CreateAsync(Guid userId, CancellationToken cancellationToken)
    {
        if (await db.AccessKeys.CountAsync(k => k.UserId == userId, cancellationToken) >= MaxKeysPerUser)
        {
            return null;
        }

        var secret = RandomNumberGenerator.GetString(SecretAlphabet, 40);
        var key = new AccessKey
        {
            Id = AccessKey.IdPrefix + RandomNumberGenerator.GetString(IdAlphabet, AccessKey.IdLength - AccessKey.IdPrefix.Length),
            UserId = userId,
            ProtectedSecret = _protector.Protect(secret),
            CreatedAt = time.GetUtcNow(),
        };
        db.AccessKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedAccessKeyResponse(key.Id, secret, key.CreatedAt);
    }

    public Task<List<AccessKeyResponse>> ListAsync(Guid userId, CancellationToken cancellationToken) =>
        db.AccessKeys.AsNoTracking().Where(k => k.UserId == userId).OrderBy(k => k.CreatedAt)
            .Select(k => new AccessKeyResponse(k.Id, k.CreatedAt, k.LastUsedAt))
            .ToListAsync(cancellationToken);

    /// <summary>Deletes the user's key; false when the user has no such key.</summary>
    public async Task<bool> DeleteAsync(Guid userId, string accessKeyId, CancellationToken cancellationToken) =>
        await db.AccessKeys.Where(k => k.Id == accessKeyId && k.UserId == userId).ExecuteDeleteAsync(cancellationToken) > 0;

    /// <summary>The key's user and secret, or null for an unknown (or deleted) key.</summary>
    public async Task<(Guid UserId, string Secret)?> FindAsync(string accessKeyId, CancellationToken cancellationToken)
    {
        var key = await db.AccessKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Id == accessKeyId, cancellationToken);
        return key is null ? null : (key.UserId, _protector.Unprotect(key.ProtectedSecret));
    }

    /// <summary>Records that the key was used, at most once per minute of the key.</summary>
    public Task MarkUsedAsync(string accessKeyId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var before = now - LastUsedResolution;
        return db.AccessKeys.Where(k => k.Id == accessKeyId && (k.LastUsedAt == null || k.LastUsedAt < before))
            .ExecuteUpdateAsync(set => set.SetProperty(k => k.LastUsedAt, now), cancellationToken);
    }
}
