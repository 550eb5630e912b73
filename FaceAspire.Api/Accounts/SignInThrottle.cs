using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace FaceAspire.Api.Accounts;

/// <summary>
/// Counts failed sign-ins per account and per client address in a sliding window and blocks further attempts once
/// a limit is reached. The counters live in this process: with several API instances each keeps its own, so the
/// effective limit is multiplied by the instance count.
/// </summary>
public sealed class SignInThrottle(IOptions<AccountOptions> options, TimeProvider time)
{
    private const int PruneThreshold = 10_000;
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _failures = new(StringComparer.Ordinal);

    /// <summary>How long the caller must wait, or null when the attempt may proceed.</summary>
    public TimeSpan? RetryAfter(string normalizedEmail, string clientAddress)
    {
        var settings = options.Value.SignInThrottle;
        var byAccount = Blocked(AccountKey(normalizedEmail), settings.PerAccountLimit);
        var byClient = Blocked(ClientKey(clientAddress), settings.PerClientLimit);
        return (byAccount, byClient) switch
        {
            (null, null) => null,
            ({ } a, null) => a,
            (null, { } c) => c,
            ({ } a, { } c) => a > c ? a : c,
        };
    }

    public void RecordFailure(string normalizedEmail, string clientAddress)
    {
        var now = time.GetUtcNow();
        Add(AccountKey(normalizedEmail), now);
        Add(ClientKey(clientAddress), now);
        if (_failures.Count > PruneThreshold)
        {
            Prune(now);
        }
    }

    /// <summary>A successful sign-in clears the account's counter, not the address's.</summary>
    public void RecordSuccess(string normalizedEmail) => _failures.TryRemove(AccountKey(normalizedEmail), out _);

    private TimeSpan? Blocked(string key, int limit)
    {
        if (!_failures.TryGetValue(key, out var queue))
        {
            return null;
        }

        var now = time.GetUtcNow();
        var window = options.Value.SignInThrottle.Window;
        lock (queue)
        {
            while (queue.Count > 0 && queue.Peek() + window <= now)
            {
                queue.Dequeue();
            }

            // Blocked until enough failures age out of the window to drop below the limit.
            return queue.Count >= limit ? queue.ElementAt(queue.Count - limit) + window - now : null;
        }
    }

    private void Add(string key, DateTimeOffset now)
    {
        var queue = _failures.GetOrAdd(key, _ => new Queue<DateTimeOffset>());
        lock (queue)
        {
            queue.Enqueue(now);
        }
    }

    private void Prune(DateTimeOffset now)
    {
        var window = options.Value.SignInThrottle.Window;
        foreach (var (key, queue) in _failures)
        {
            bool stale;
            lock (queue)
            {
                stale = queue.Count == 0 || queue.Last() + window <= now;
            }

            if (stale)
            {
                _failures.TryRemove(key, out _);
            }
        }
    }

    private static string AccountKey(string email) => "account:" + email;

    private static string ClientKey(string address) => "client:" + address;
}
