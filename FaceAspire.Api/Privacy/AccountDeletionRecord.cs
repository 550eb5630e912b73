namespace FaceAspire.Api.Privacy;

/// <summary>
/// The audit record an account deletion leaves: when, and how much went. Deliberately without the user's id, e-mail
/// or anything else that would point back to the person.
/// </summary>
public sealed class AccountDeletionRecord
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public DateTimeOffset DeletedAt { get; init; }

    public int Photos { get; init; }

    public int Faces { get; init; }

    public int People { get; init; }

    /// <summary>True when the account was an administrator (its review decisions stay, attributed to a deleted account).</summary>
    public bool WasAdmin { get; init; }
}
