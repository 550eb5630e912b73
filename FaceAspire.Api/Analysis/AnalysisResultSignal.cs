using System.Collections.Concurrent;
using FaceAspire.Api.Infrastructure;

namespace FaceAspire.Api.Analysis;

/// <summary>
/// Wakes requests waiting for a photo's analysis to end (<c>GET /api/photos/{id}/analysis?wait=N</c>): a trigger
/// notifies <see cref="DatabaseChannels.AnalysisResults"/> with the photo id when an analysis succeeds, fails or is
/// deleted, on whichever instance ran it. A waiter re-reads the analysis when woken, and at least every
/// <see cref="RecheckInterval"/> besides, so a notification lost while the listener was down delays it but never
/// strands it.
/// </summary>
public sealed class AnalysisResultSignal : IDatabaseNotificationListener
{
    /// <summary>How long a waiter waits for a notification before it reads the analysis again anyway.</summary>
    public static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<Guid, TaskCompletionSource> _waiting = new();

    public string Channel => DatabaseChannels.AnalysisResults;

    /// <summary>
    /// A task that completes when the analysis of <paramref name="photoId"/> is notified as ended. Take it before reading
    /// the analysis, so that a notification sent between the read and the wait is not missed.
    /// </summary>
    public Task Ended(Guid photoId) =>
        _waiting.GetOrAdd(photoId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>Waits for <paramref name="ended"/> (from <see cref="Ended"/>) up to <paramref name="timeout"/>, at most <see cref="RecheckInterval"/>.</summary>
    public async Task WaitAsync(Guid photoId, Task ended, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ended);
        try
        {
            await ended.WaitAsync(timeout < RecheckInterval ? timeout : RecheckInterval, cancellationToken);
        }
        catch (TimeoutException)
        {
            // Nothing notified: forget the entry (a later wait makes a new one) so photos nobody hears of do not pile up.
            if (_waiting.TryGetValue(photoId, out var entry) && entry.Task == ended)
            {
                _waiting.TryRemove(KeyValuePair.Create(photoId, entry));
            }
        }
    }

    public void OnNotification(string payload)
    {
        if (Guid.TryParse(payload, out var photoId) && _waiting.TryRemove(photoId, out var ended))
        {
            ended.TrySetResult();
        }
    }

    public void OnListeningChanged(bool listening)
    {
        // Notifications may have been missed: let every waiter read its analysis again.
        foreach (var photoId in _waiting.Keys)
        {
            if (_waiting.TryRemove(photoId, out var ended))
            {
                ended.TrySetResult();
            }
        }
    }
}
