namespace FaceAspire.Api.Accounts;

/// <summary>
/// One failed sign-in (or failed current-password check), counted against a throttle key: <c>account:</c> or
/// <c>client:</c> plus the SHA-256 of the normalised e-mail or the client address (fixed length, and no address or
/// e-mail stored in clear). Kept in the database so every API instance counts the same failures; rows older than
/// the throttle window are deleted as new failures arrive.
/// </summary>
public sealed class SignInFailure
{
    public long Id { get; set; }

    public required string Key { get; set; }

    public DateTimeOffset At { get; set; }
}
