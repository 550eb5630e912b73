namespace FaceAspire.Api.Accounts;

/// <summary>
/// One refresh token of a session. Tokens of a session share a <see cref="FamilyId"/>; each use rotates to a new
/// token, and presenting a used token again revokes the family (the token was stolen or replayed).
/// Only the SHA-256 of the token is stored.
/// </summary>
public sealed class RefreshToken
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid UserId { get; init; }

    public Guid FamilyId { get; init; }

    public required byte[] TokenHash { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }

    /// <summary>When the token was exchanged for its successor; a second exchange is a replay.</summary>
    public DateTimeOffset? UsedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}
