namespace FaceAspire.Api.Accounts;

/// <summary>
/// An AWS-style access key of a user, for signing requests with Signature Version 4 (the Rekognition-compatible API).
/// The secret is kept encrypted with ASP.NET Core Data Protection (the key ring every API instance shares), since
/// verifying a signature needs the secret itself, not a hash of it. Deleting the row revokes the key at once.
/// </summary>
public sealed class AccessKey
{
    /// <summary>The access key id, 20 upper-case letters and digits beginning with <see cref="IdPrefix"/>.</summary>
    public required string Id { get; init; }

    public const string IdPrefix = "FAKI";

    public const int IdLength = 20;

    public Guid UserId { get; init; }

    /// <summary>The secret access key, protected by Data Protection.</summary>
    public required string ProtectedSecret { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When a request signed with the key was last accepted (updated at most once a minute).</summary>
    public DateTimeOffset? LastUsedAt { get; set; }
}
