using FaceAspire.Api.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FaceAspire.Api.Accounts;

/// <summary>Settings of the first administrator (section <c>Admin</c>); nothing happens when they are absent.</summary>
public sealed class AdminOptions
{
    public const string SectionName = "Admin";

    public string? Email { get; set; }

    /// <summary>Used only when the account does not exist yet; an existing account is promoted, its password kept.</summary>
    public string? Password { get; set; }
}

/// <summary>What <see cref="AdminAccounts.EnsureAdminAsync"/> did.</summary>
public enum AdminOutcome
{
    Created,
    Promoted,
    AlreadyAdmin,
}

/// <summary>Creates the first administrator or promotes an existing account; shared by start-up and <c>create-admin</c>.</summary>
public sealed class AdminAccounts(FaceAspireDbContext db, AccountService accounts, PasswordPolicy policy)
{
    /// <exception cref="ArgumentException">The e-mail is invalid, or a new account's password breaks the policy.</exception>
    public async Task<AdminOutcome> EnsureAdminAsync(string? email, string? password, CancellationToken cancellationToken)
    {
        var normalized = EmailAddress.Normalize(email);
        if (!EmailAddress.IsValid(normalized))
        {
            throw new ArgumentException($"'{email}' is not a valid e-mail address.", nameof(email));
        }

        var user = await db.Users.SingleOrDefaultAsync(u => u.Email == normalized, cancellationToken);
        if (user is not null)
        {
            if (user.Roles.Contains(Roles.Admin))
            {
                return AdminOutcome.AlreadyAdmin;
            }

            user.Roles = [.. user.Roles, Roles.Admin];
            await db.SaveChangesAsync(cancellationToken);
            return AdminOutcome.Promoted;
        }

        if (policy.Check(password, normalized) is { Count: > 0 } problems)
        {
            throw new ArgumentException("The administrator password is refused: " + string.Join(" ", problems), nameof(password));
        }

        _ = await accounts.RegisterAsync(normalized, password!, [Roles.User, Roles.Admin], cancellationToken)
            ?? throw new InvalidOperationException($"The account {normalized} was created concurrently; run again to promote it.");
        return AdminOutcome.Created;
    }
}
