using System.Collections.Concurrent;
using FaceAspire.Api.Infrastructure;

namespace FaceAspire.Api.Accounts;

/// <summary>
/// Remembers which sessions were found active, so that an access token's session check costs a query only once per
/// session and <see cref="MaxAge"/> instead of once per request. Trusted only while this instance listens to the
/// sessions channel: a trigger notifies every instance when a session's token is revoked, re-dated or deleted (sign-out,
/// replay, password change, account deletion), and the notification drops the session here. While not listening, the
/// cache is empty and every check reads the database. This instance's own revocations drop their sessions at once.
/// </summary>
public sealed class ActiveSessionCache(TimeProvider time) : IDatabaseNotificationListener
{
    /// <summary>Longest a session stays remembered without a new look at the database, notifications or not.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    /// <summary>Entries kept at most; beyond it the cache starts over (a flood of sessions costs queries, not memory).</summary>
    public const int Capacity = 100_000;

    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _activeUntil = new();
    private long _generation;
    private volatile bool _listening;

    public string Channel => DatabaseChannels.Sessions;

    /// <summary>True when the session is known to be active at this moment.</summary>
    public bool IsKnownActive(Guid sessionId) =>
        _listening && _activeUntil.TryGetValue(sessionId, out var until) && until > time.GetUtcNow();

    /// <summary>Taken before reading a session from the database and handed to <see cref="Remember"/>.</summary>
    public long Stamp() => Interlocked.Read(ref _generation);

    /// <summary>
    /// Remembers a session read as active until <paramref name="activeUntil"/>, unless a notification (or a local
    /// revocation) came since <paramref name="stamp"/>: the read may predate it.
    /// </summary>
    public void Remember(Guid sessionId, DateTimeOffset activeUntil, long stamp)
    {
        if (!_listening)
        {
            return;
        }

        if (_activeUntil.Count >= Capacity)
        {
            _activeUntil.Clear();
        }

        var cap = time.GetUtcNow() + MaxAge;
        _activeUntil[sessionId] = activeUntil < cap ? activeUntil : cap;
        if (Interlocked.Read(ref _generation) != stamp)
        {
            _activeUntil.TryRemove(sessionId, out _);
        }
    }

    /// <summary>Drops one session (its tokens changed).</summary>
    public void Forget(Guid sessionId)
    {
        Interlocked.Increment(ref _generation);
        _activeUntil.TryRemove(sessionId, out _);
    }

    /// <summary>Drops every session (a user's sessions were revoked together, or notifications may have been missed).</summary>
    public void ForgetAll()
    {
        Interlocked.Increment(ref _generation);
        _activeUntil.Clear();
    }

    public void OnNotification(string payload)
    {
        if (Guid.TryParse(payload, out var sessionId))
        {
            Forget(sessionId);
        }
        else
        {
            ForgetAll();
        }
    }

    public void OnListeningChanged(bool listening)
    {
        _listening = listening;
        ForgetAll();
    }
}
