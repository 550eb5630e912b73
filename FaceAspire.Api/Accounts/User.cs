namespace FaceAspire.Api.Accounts;

/// <summary>A person who signs in. The e-mail is stored normalised (trimmed, lower-case).</summary>
public sealed class User
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required string Email { get; set; }

    /// <summary>BCrypt hash of the pre-hashed password (see <see cref="PasswordHasher"/>).</summary>
    public required string PasswordHash { get; set; }

    public List<string> Roles { get; set; } = [Accounts.Roles.User];

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>
    /// When the owner was last told that someone tried to register this address again; no further such notice goes out
    /// within <see cref="AccountOptions.RegistrationNoticeInterval"/> of it, so repeated attempts cannot flood the owner.
    /// </summary>
    public DateTimeOffset? RegistrationNoticeAt { get; set; }
}
