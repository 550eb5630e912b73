using System.Security.Cryptography;
using System.Text;
using FaceAspire.Api.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FaceAspire.Api.Accounts;

/// <summary>
/// Counts failed sign-ins per account and per client address in a sliding window and blocks further attempts once
/// a limit is reached. The failures are rows in PostgreSQL (<see cref="SignInFailure"/>), so every API instance
/// behind the load balancer sees the same counts and the limits hold however many instances run.
/// </summary>
public sealed class SignInThrottle(FaceAspireDbContext db, IOptions<AccountOptions> options, AccountMetrics metrics, TimeProvider time)
{
    /// <summary>How long the caller must wait, or null when the attempt may proceed.</summary>
    public async Task<TimeSpan?> RetryAfterAsync(string normalizedEmail, string clientAddress, CancellationToken cancellationToken)
    {
        var settings = options.Value.SignInThrottle;
        var byAccount = await BlockedAsync(AccountKey(normalizedEmail), settings.PerAccountLimit, cancellationToken);
        var byClient = await BlockedAsync(ClientKey(clientAddress), settings.PerClientLimit, cancellationToken);
        return (byAccount, byClient) switch
        {
            (null, null) => null,
            ({ } a, null) => a,
            (null, { } c) => c,
            ({ } a, { } c) => a > c ? a : c,
        };
    }

    /// <summary>Records one failure against the account and the address, and forgets failures older than the window.</summary>
    public async Task RecordFailureAsync(string normalizedEmail, string clientAddress, CancellationToken cancellationToken)
    {
        metrics.RecordSignInFailure();
        var now = time.GetUtcNow();
        db.SignInFailures.AddRange(
            new SignInFailure { Key = AccountKey(normalizedEmail), At = now },
            new SignInFailure { Key = ClientKey(clientAddress), At = now });
        await db.SaveChangesAsync(cancellationToken);
        var expired = now - options.Value.SignInThrottle.Window;
        await db.SignInFailures.Where(f => f.At <= expired).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>A successful sign-in clears the account's failures, not the address's.</summary>
    public async Task RecordSuccessAsync(string normalizedEmail, CancellationToken cancellationToken)
    {
        var key = AccountKey(normalizedEmail);
        await db.SignInFailures.Where(f => f.Key == key).ExecuteDeleteAsync(cancellationToken);
    }

    private async Task<TimeSpan?> BlockedAsync(string key, int limit, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var window = options.Value.SignInThrottle.Window;
        var since = now - window;

        // Blocked until enough failures age out of the window to drop below the limit: the limit-th newest decides.
        var deciding = await db.SignInFailures.AsNoTracking()
            .Where(f => f.Key == key && f.At > since)
            .OrderByDescending(f => f.At)
            .Skip(limit - 1)
            .Select(f => (DateTimeOffset?)f.At)
            .FirstOrDefaultAsync(cancellationToken);
        return deciding is { } at ? at + window - now : null;
    }

    private static string AccountKey(string email) => "account:" + Hash(email);

    private static string ClientKey(string address) => "client:" + Hash(address);

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
