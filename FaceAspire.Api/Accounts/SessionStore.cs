using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using FaceAspire.Api.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FaceAspire.Api.Accounts;

/// <summary>A refresh token handed to the client, and the session (family) it belongs to.</summary>
public sealed record IssuedRefreshToken(string Token, Guid SessionId, DateTimeOffset ExpiresAt);

/// <summary>Outcome of exchanging a refresh token.</summary>
public abstract record RotationResult
{
    public sealed record Rotated(User User, IssuedRefreshToken Next) : RotationResult;

    /// <summary>Unknown, expired or revoked token.</summary>
    public sealed record Rejected : RotationResult;

    /// <summary>An already-exchanged token came back: its whole session was revoked.</summary>
    public sealed record Replayed : RotationResult;
}

/// <summary>
/// Sessions as families of rotating refresh tokens. Tokens are 256-bit random values; only their SHA-256 is stored,
/// so a database leak yields no usable token.
/// </summary>
public sealed class SessionStore(FaceAspireDbContext db, IOptions<AccountOptions> options, ActiveSessionCache activeSessions, TimeProvider time)
{
    public async Task<IssuedRefreshToken> StartAsync(Guid userId, CancellationToken cancellationToken)
    {
        var issued = Add(userId, Guid.CreateVersion7(), startedAt: time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return issued;
    }

    public async Task<RotationResult> RotateAsync(string? token, CancellationToken cancellationToken)
    {
        var current = await FindAsync(token, cancellationToken);
        var now = time.GetUtcNow();
        if (current is null || current.RevokedAt is not null || current.ExpiresAt <= now)
        {
            return new RotationResult.Rejected();
        }

        // Claim the token atomically: of two concurrent exchanges of one token, only one may win.
        var claimed = await db.RefreshTokens
            .Where(t => t.Id == current.Id && t.UsedAt == null && t.RevokedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.UsedAt, now), cancellationToken);
        if (claimed == 0 && !await WithinReuseGraceAsync(current.Id, now, cancellationToken))
        {
            await RevokeSessionAsync(current.FamilyId, cancellationToken);
            return new RotationResult.Replayed();
        }

        // The session's start bounds every token of it, so refreshing cannot stretch it past SessionLifetime.
        var startedAt = await db.RefreshTokens.Where(t => t.FamilyId == current.FamilyId).MinAsync(t => t.CreatedAt, cancellationToken);
        if (startedAt + options.Value.SessionLifetime <= now)
        {
            await RevokeSessionAsync(current.FamilyId, cancellationToken);
            return new RotationResult.Rejected();
        }

        var user = await db.Users.SingleAsync(u => u.Id == current.UserId, cancellationToken);
        var next = Add(user.Id, current.FamilyId, startedAt);
        await db.SaveChangesAsync(cancellationToken);
        return new RotationResult.Rotated(user, next);
    }

    /// <summary>
    /// True when the token was exchanged moments ago and its session still lives: a second tab of the same browser,
    /// not a thief. It gets a token of the same session; the first tab's token stays valid too.
    /// </summary>
    private async Task<bool> WithinReuseGraceAsync(Guid tokenId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var graceStart = now - options.Value.RefreshReuseGrace;
        return options.Value.RefreshReuseGrace > TimeSpan.Zero && await db.RefreshTokens.AnyAsync(
            t => t.Id == tokenId && t.RevokedAt == null && t.UsedAt != null && t.UsedAt >= graceStart, cancellationToken);
    }

    /// <summary>The session a refresh token belongs to, if the token is known.</summary>
    public async Task<Guid?> FindSessionAsync(string? token, CancellationToken cancellationToken) =>
        (await FindAsync(token, cancellationToken))?.FamilyId;

    /// <summary>
    /// True while the session has a live token: access tokens of ended sessions are refused. Sessions found active are
    /// remembered (<see cref="ActiveSessionCache"/>) until their tokens change anywhere.
    /// </summary>
    public async Task<bool> IsActiveAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        if (activeSessions.IsKnownActive(sessionId))
        {
            return true;
        }

        var stamp = activeSessions.Stamp();
        var activeUntil = await db.RefreshTokens
            .Where(t => t.FamilyId == sessionId && t.RevokedAt == null)
            .MaxAsync(t => (DateTimeOffset?)t.ExpiresAt, cancellationToken);
        if (activeUntil is not { } until || until <= time.GetUtcNow())
        {
            return false;
        }

        activeSessions.Remember(sessionId, until, stamp);
        return true;
    }

    public async Task RevokeSessionAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        await Revoke(db.RefreshTokens.Where(t => t.FamilyId == sessionId), cancellationToken);
        activeSessions.Forget(sessionId);
    }

    /// <summary>Ends every session of the user except <paramref name="keep"/>.</summary>
    public async Task RevokeAllAsync(Guid userId, Guid? keep, CancellationToken cancellationToken)
    {
        await Revoke(db.RefreshTokens.Where(t => t.UserId == userId && t.FamilyId != keep), cancellationToken);
        activeSessions.ForgetAll();
    }

    private Task Revoke(IQueryable<RefreshToken> tokens, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return tokens.Where(t => t.RevokedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.RevokedAt, now), cancellationToken);
    }

    private Task<RefreshToken?> FindAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100)
        {
            return Task.FromResult<RefreshToken?>(null);
        }

        var hash = Hash(token);
        return db.RefreshTokens.AsNoTracking().SingleOrDefaultAsync(t => t.TokenHash == hash, cancellationToken);
    }

    /// <summary>A new token of the session, expiring after the idle timeout but never after the session's end.</summary>
    private IssuedRefreshToken Add(Guid userId, Guid familyId, DateTimeOffset startedAt)
    {
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var now = time.GetUtcNow();
        var row = new RefreshToken
        {
            UserId = userId,
            FamilyId = familyId,
            TokenHash = Hash(token),
            CreatedAt = now,
            ExpiresAt = Min(now + options.Value.RefreshTokenLifetime, startedAt + options.Value.SessionLifetime),
        };
        db.RefreshTokens.Add(row);
        return new IssuedRefreshToken(token, familyId, row.ExpiresAt);
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
