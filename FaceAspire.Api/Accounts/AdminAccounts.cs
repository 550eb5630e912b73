using FaceAspire.Api.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FaceAspire.Api.Accounts;

/// <summary>Settings of the first administrator (section <c>Admin</c>); nothing happens when they are absent.</summary>
public sealed class AdminOptions
{
    public const string SectionName = "Admin";

    public string? Email { get; set; }

    /// <summary>The new account's password. An existing account is never changed by these settings.</summary>
    public string? Password { get; set; }
}

/// <summary>What <see cref="AdminAccounts"/> did.</summary>
public enum AdminOutcome
{
    Created,
    Promoted,
    AlreadyAdmin,
}

/// <summary>
/// Creates the first administrator (start-up and <c>create-admin</c>) and, only on an explicit
/// <c>create-admin --promote</c> that proves the account's password, promotes an existing account. Bootstrap never
/// promotes: otherwise whoever registered the administrator's address first would become administrator.
/// </summary>
public sealed partial class AdminAccounts(
    FaceAspireDbContext db, AccountService accounts, PasswordPolicy policy, PasswordHasher hasher, ILogger<AdminAccounts> logger)
{
    /// <exception cref="ArgumentException">The e-mail is invalid, or the password breaks the policy.</exception>
    /// <exception cref="InvalidOperationException">A user account with this e-mail exists and is no administrator.</exception>
    public async Task<AdminOutcome> CreateAdminAsync(string? email, string? password, CancellationToken cancellationToken)
    {
        var normalized = Normalize(email);
        if (await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Email == normalized, cancellationToken) is { } existing)
        {
            return existing.Roles.Contains(Roles.Admin)
                ? AdminOutcome.AlreadyAdmin
                : throw new InvalidOperationException(
                    $"An account {normalized} already exists and is not an administrator; it was left unchanged. " +
                    "If it is yours, promote it with 'create-admin --promote --email <address>' and its current password.");
        }

        if (policy.Check(password, normalized) is { Count: > 0 } problems)
        {
            throw new ArgumentException("The administrator password is refused: " + string.Join(" ", problems), nameof(password));
        }

        _ = await accounts.RegisterAsync(normalized, password!, [Roles.User, Roles.Admin], notify: false, cancellationToken)
            ?? throw new InvalidOperationException($"The account {normalized} was registered concurrently; it was left unchanged.");
        LogCreated(logger, normalized);
        return AdminOutcome.Created;
    }

    /// <summary>Makes an existing account an administrator, once its current password is proven.</summary>
    /// <exception cref="ArgumentException">The e-mail is invalid or unknown, or the password is not the account's.</exception>
    public async Task<AdminOutcome> PromoteAsync(string? email, string? currentPassword, CancellationToken cancellationToken)
    {
        var normalized = Normalize(email);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Email == normalized, cancellationToken);
        // The same answer for an unknown account and a wrong password, after the same BCrypt work.
        if (user is null)
        {
            _ = hasher.VerifyAgainstDummy(currentPassword ?? string.Empty);
        }

        if (user is null || !hasher.Verify(currentPassword ?? string.Empty, user.PasswordHash))
        {
            LogPromotionRefused(logger, normalized);
            throw new ArgumentException($"No account {normalized} with this password: nothing was promoted.", nameof(currentPassword));
        }

        if (user.Roles.Contains(Roles.Admin))
        {
            return AdminOutcome.AlreadyAdmin;
        }

        user.Roles = [.. user.Roles, Roles.Admin];
        await db.SaveChangesAsync(cancellationToken);
        LogPromoted(logger, normalized, user.Id);
        return AdminOutcome.Promoted;
    }

    private static string Normalize(string? email)
    {
        var normalized = EmailAddress.Normalize(email);
        return EmailAddress.IsValid(normalized)
            ? normalized
            : throw new ArgumentException($"'{email}' is not a valid e-mail address.", nameof(email));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Administrator {Email} created")]
    private static partial void LogCreated(ILogger logger, string email);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Account {Email} ({UserId}) promoted to administrator with its proven password")]
    private static partial void LogPromoted(ILogger logger, string email, Guid userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Promotion of {Email} to administrator refused: unknown account or wrong password")]
    private static partial void LogPromotionRefused(ILogger logger, string email);
}
