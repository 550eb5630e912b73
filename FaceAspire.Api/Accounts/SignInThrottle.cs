using System.Security.Cryptography;
using System.Text;
using FaceAspire.Api.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FaceAspire.Api.Accounts;

/// <summary>
/// Growing delays after failed sign-ins, instead of a lockout. Failures count against three keys: the account and
/// the client address together (the attacker's own pair: its delay doubles up to a quarter of an hour), the account
/// from any address (a capped delay of seconds, skipped for a browser that signed in to the account before, see
/// <see cref="DeviceCookie"/>, so an attacker elsewhere never locks the owner out), and the address across accounts (a
/// limit per window against password spraying).
/// <para>
/// An attempt is counted before the password is checked, under a PostgreSQL advisory lock on the account and the
/// address, so concurrent attempts cannot slip past the count; a success takes its failure back. The failures are
/// rows in PostgreSQL (<see cref="SignInFailure"/>), so every API instance sees the same counts.
/// </para>
/// </summary>
public sealed class SignInThrottle(FaceAspireDbContext db, IOptions<AccountOptions> options, AccountMetrics metrics, TimeProvider time)
{
    /// <summary>
    /// Counts an attempt as a failure before the password is checked, unless the caller must wait first.
    /// </summary>
    /// <param name="normalizedEmail">The account.</param>
    /// <param name="clientAddress">The caller's address.</param>
    /// <param name="knownDevice">The caller's browser signed in to this account before: the account-wide delay does not apply.</param>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    /// <returns>How long the caller must wait (nothing was counted), or null when the attempt may proceed.</returns>
    public async Task<TimeSpan?> BeginAttemptAsync(string normalizedEmail, string clientAddress, bool knownDevice, CancellationToken cancellationToken)
    {
        var settings = options.Value.SignInThrottle;
        var keys = Keys(normalizedEmail, clientAddress);
        // A first look without locks only ever refuses: during a flood most attempts end here, cheaply, instead of
        // queueing on the account's lock in front of the owner's own sign-in.
        if (await WaitAsync(keys, knownDevice, time.GetUtcNow(), cancellationToken) is { } early)
        {
            return early;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // One lock per key, taken in a fixed order (account, then address), so concurrent attempts queue up here.
        foreach (var key in new[] { keys.Account, keys.Client })
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({key}, 0))", cancellationToken);
        }

        var now = time.GetUtcNow();
        if (await WaitAsync(keys, knownDevice, now, cancellationToken) is { } wait)
        {
            return wait;
        }

        db.SignInFailures.AddRange(
            new SignInFailure { Key = keys.Account, At = now },
            new SignInFailure { Key = keys.Pair, At = now },
            new SignInFailure { Key = keys.Client, At = now });
        await db.SaveChangesAsync(cancellationToken);
        var expired = now - settings.Window;
        await db.SignInFailures.Where(f => f.At <= expired).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return null;
    }

    /// <summary>The longest of the delays that apply to the attempt at <paramref name="now"/>, or null when none does.</summary>
    private async Task<TimeSpan?> WaitAsync((string Account, string Pair, string Client) keys, bool knownDevice, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var settings = options.Value.SignInThrottle;
        TimeSpan?[] waits =
        [
            await DelayAsync(keys.Pair, settings.FreeFailures, settings.MaxPairDelay, now, cancellationToken),
            knownDevice ? null : await DelayAsync(keys.Account, settings.AccountFreeFailures, settings.MaxAccountDelay, now, cancellationToken),
            await LimitAsync(keys.Client, settings.PerClientLimit, now, cancellationToken),
        ];
        return waits.Max();
    }

    /// <summary>The attempt failed: it stays counted.</summary>
    public void RecordFailure() => metrics.RecordSignInFailure();

    /// <summary>
    /// The attempt succeeded: the pair's failures are cleared, and the account's unless the browser was recognised (its
    /// success says nothing about guesses from elsewhere, which keep their delay); never the address's.
    /// </summary>
    public async Task RecordSuccessAsync(string normalizedEmail, string clientAddress, bool knownDevice, CancellationToken cancellationToken)
    {
        var keys = Keys(normalizedEmail, clientAddress);
        var account = knownDevice ? keys.Pair : keys.Account;
        await db.SignInFailures.Where(f => f.Key == account || f.Key == keys.Pair).ExecuteDeleteAsync(cancellationToken);
        // The successful attempt itself was counted against the address: take it back.
        var own = await db.SignInFailures.Where(f => f.Key == keys.Client).OrderByDescending(f => f.At)
            .Select(f => f.Id).FirstOrDefaultAsync(cancellationToken);
        await db.SignInFailures.Where(f => f.Id == own).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>
    /// After <paramref name="free"/> failures in the window, each further one doubles the wait after the latest,
    /// from <see cref="SignInThrottleOptions.BaseDelay"/> up to <paramref name="max"/>.
    /// </summary>
    private async Task<TimeSpan?> DelayAsync(string key, int free, TimeSpan max, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var since = now - options.Value.SignInThrottle.Window;
        var recent = db.SignInFailures.AsNoTracking().Where(f => f.Key == key && f.At > since);
        var count = await recent.CountAsync(cancellationToken);
        if (count < free)
        {
            return null;
        }

        var latest = await recent.MaxAsync(f => f.At, cancellationToken);
        var delay = Delay(count - free, options.Value.SignInThrottle.BaseDelay, max);
        return latest + delay > now ? latest + delay - now : null;
    }

    /// <summary>The delay after <paramref name="excess"/> failures beyond the free ones: base, 2 x base, 4 x base ... up to max.</summary>
    internal static TimeSpan Delay(int excess, TimeSpan baseDelay, TimeSpan max) =>
        excess >= 30 ? max : TimeSpan.FromTicks(Math.Min(max.Ticks, baseDelay.Ticks * (1L << excess)));

    /// <summary>Blocked until enough failures age out of the window to drop below the limit: the limit-th newest decides.</summary>
    private async Task<TimeSpan?> LimitAsync(string key, int limit, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var window = options.Value.SignInThrottle.Window;
        var since = now - window;
        var deciding = await db.SignInFailures.AsNoTracking()
            .Where(f => f.Key == key && f.At > since)
            .OrderByDescending(f => f.At)
            .Skip(limit - 1)
            .Select(f => (DateTimeOffset?)f.At)
            .FirstOrDefaultAsync(cancellationToken);
        return deciding is { } at ? at + window - now : null;
    }

    private static (string Account, string Pair, string Client) Keys(string email, string address) =>
        ("account:" + Hash(email), "pair:" + Hash(email + "\n" + address), "client:" + Hash(address));

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
