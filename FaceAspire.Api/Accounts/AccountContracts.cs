namespace FaceAspire.Api.Accounts;

/// <summary>Body of register and login.</summary>
public sealed record CredentialsRequest(string? Email, string? Password);

/// <summary>Body of change-password.</summary>
public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

/// <summary>An access token for the <c>Authorization: Bearer</c> header; the refresh token travels in a cookie.</summary>
/// <param name="AccessToken">The JWT.</param>
/// <param name="ExpiresIn">Seconds until it expires.</param>
/// <param name="TokenType">Always <c>Bearer</c>.</param>
public sealed record AccessTokenResponse(string AccessToken, int ExpiresIn, string TokenType = "Bearer");

/// <summary>The signed-in user as the API shows it.</summary>
public sealed record UserResponse(Guid Id, string Email, IReadOnlyList<string> Roles, DateTimeOffset CreatedAt)
{
    public static UserResponse From(User user) => new(user.Id, user.Email, user.Roles, user.CreatedAt);
}

/// <summary>
/// The answer to every well-formed registration, whether the e-mail was free or taken, so that registering reveals
/// nothing about which accounts exist.
/// </summary>
public sealed record RegistrationResponse(string Message)
{
    public static RegistrationResponse Accepted { get; } =
        new("If this e-mail address was not registered yet, its account is ready: sign in with this password.");
}
