using FaceAspire.Api.Alerts;
using FaceAspire.Api.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace FaceAspire.Api.Accounts;

/// <summary>Outcome of a sign-in attempt.</summary>
public abstract record SignInResult
{
    public sealed record Succeeded(IssuedAccessToken Access, IssuedRefreshToken Refresh) : SignInResult;

    /// <summary>Unknown e-mail or wrong password: deliberately indistinguishable.</summary>
    public sealed record Failed : SignInResult;

    public sealed record Throttled(TimeSpan RetryAfter) : SignInResult;
}

/// <summary>Registration, sign-in and password changes.</summary>
public sealed class AccountService(
    FaceAspireDbContext db,
    PasswordHasher hasher,
    PasswordPolicy policy,
    SessionStore sessions,
    AccessTokenIssuer tokens,
    SignInThrottle throttle,
    AlertOutboxSignal notices,
    IOptions<AccountOptions> options,
    TimeProvider time)
{
    /// <summary>
    /// Creates a user; returns null when the e-mail is taken. With <paramref name="notify"/>, the same statement queues
    /// an account notice in the alert outbox: a welcome for a new account, or for a taken address a "someone tried to
    /// register your address" notice to its owner, at most one per <see cref="AccountOptions.RegistrationNoticeInterval"/>.
    /// </summary>
    /// <remarks>
    /// A taken e-mail costs the same as a free one: one BCrypt hash and one statement that writes a user row (the
    /// INSERT, or the UPDATE of the owner's notice time) and an outbox row, so the time of the answer does not tell
    /// whether an account exists. The INSERT's ON CONFLICT also settles a race between two registrations, and the
    /// UPDATE's row lock makes concurrent attempts on one address queue one notice between them.
    /// </remarks>
    public async Task<User?> RegisterAsync(string email, string password, IEnumerable<string> roles, bool notify, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var user = new User
        {
            Email = email,
            PasswordHash = hasher.Hash(password),
            Roles = roles.Distinct().ToList(),
            CreatedAt = now,
        };
        var noticeId = Guid.CreateVersion7();
        var quietSince = now - options.Value.RegistrationNoticeInterval;
        var traceParent = new NpgsqlParameter("trace_parent", NpgsqlDbType.Varchar) { Value = (object?)Telemetry.CurrentTraceParent ?? DBNull.Value };
        // Data-modifying CTEs share one snapshot: "attempted" runs only when "created" inserted nothing.
        var outcome = (await db.Database.SqlQuery<RegistrationOutcome>(
            $"""
            WITH created AS (
                INSERT INTO users ("Id", "Email", "PasswordHash", "Roles", "CreatedAt")
                VALUES ({user.Id}, {user.Email}, {user.PasswordHash}, {user.Roles}, {user.CreatedAt})
                ON CONFLICT ("Email") DO NOTHING
                RETURNING "Id"),
            attempted AS (
                UPDATE users SET "RegistrationNoticeAt" = {now}
                WHERE "Email" = {user.Email} AND {notify} AND NOT EXISTS (SELECT 1 FROM created)
                  AND ("RegistrationNoticeAt" IS NULL OR "RegistrationNoticeAt" <= {quietSince})
                RETURNING "Id"),
            notices AS (
                SELECT "Id", {AlertKinds.Welcome} AS "Kind" FROM created WHERE {notify}
                UNION ALL
                SELECT "Id", {AlertKinds.RegistrationAttempt} FROM attempted),
            queued AS (
                INSERT INTO alert_outbox ("Id", "Kind", "UserId", "CreatedAt", "NextAttemptAt", "Attempts", "TraceParent")
                SELECT {noticeId}, n."Kind", n."Id", {now}, {now}, 0, {traceParent} FROM notices AS n
                RETURNING 1)
            SELECT (SELECT count(*) FROM created)::int AS "Created", (SELECT count(*) FROM queued)::int AS "Queued"
            """).ToListAsync(cancellationToken)).Single();
        if (outcome.Queued > 0)
        {
            notices.Notify();
        }

        return outcome.Created == 1 ? user : null;
    }

    private sealed record RegistrationOutcome(int Created, int Queued);

    public async Task<SignInResult> SignInAsync(string email, string password, string clientAddress, bool knownDevice, CancellationToken cancellationToken)
    {
        if (await throttle.BeginAttemptAsync(email, clientAddress, knownDevice, cancellationToken) is { } wait)
        {
            return new SignInResult.Throttled(wait);
        }

        var user = await db.Users.SingleOrDefaultAsync(u => u.Email == email, cancellationToken);
        // An unknown e-mail still pays for one BCrypt verification, so timing does not reveal which accounts exist.
        var verified = user is null ? hasher.VerifyAgainstDummy(password) : hasher.Verify(password, user.PasswordHash);
        if (!verified || user is null)
        {
            throttle.RecordFailure();
            return new SignInResult.Failed();
        }

        await throttle.RecordSuccessAsync(email, clientAddress, knownDevice, cancellationToken);
        if (hasher.NeedsRehash(user.PasswordHash))
        {
            user.PasswordHash = hasher.Hash(password);
        }

        var refresh = await sessions.StartAsync(user.Id, cancellationToken);
        return new SignInResult.Succeeded(tokens.Issue(user, refresh.SessionId), refresh);
    }

    /// <summary>
    /// Checks the signed-in user's current password, an attempt the caller began with
    /// <see cref="SignInThrottle.BeginAttemptAsync"/>: a wrong one stays counted, a right one takes its failure back.
    /// </summary>
    /// <returns>The user (tracked) when the password is right; null otherwise.</returns>
    public async Task<User?> ProveCurrentPasswordAsync(Guid userId, string? password, string clientAddress, CancellationToken cancellationToken)
    {
        var user = await db.Users.SingleAsync(u => u.Id == userId, cancellationToken);
        if (string.IsNullOrEmpty(password) || !hasher.Verify(password, user.PasswordHash))
        {
            throttle.RecordFailure();
            return null;
        }

        await throttle.RecordSuccessAsync(user.Email, clientAddress, knownDevice: true, cancellationToken);
        return user;
    }

    /// <summary>
    /// Checks the current password (an attempt the caller began with <see cref="SignInThrottle.BeginAttemptAsync"/>),
    /// stores the new one and ends every other session.
    /// </summary>
    /// <returns>Problems keyed by field; empty on success.</returns>
    public async Task<Dictionary<string, string[]>> ChangePasswordAsync(
        Guid userId, ChangePasswordRequest request, Guid? currentSession, string clientAddress, CancellationToken cancellationToken)
    {
        if (await ProveCurrentPasswordAsync(userId, request.CurrentPassword, clientAddress, cancellationToken) is not { } user)
        {
            return new() { ["currentPassword"] = ["The current password is not correct."] };
        }

        var problems = policy.Check(request.NewPassword, user.Email);
        if (problems.Count > 0)
        {
            return new() { ["newPassword"] = [.. problems] };
        }

        user.PasswordHash = hasher.Hash(request.NewPassword!);
        await db.SaveChangesAsync(cancellationToken);
        await sessions.RevokeAllAsync(user.Id, currentSession, cancellationToken);
        return [];
    }
}
