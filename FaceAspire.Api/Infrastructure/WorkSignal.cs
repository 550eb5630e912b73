namespace FaceAspire.Api.Infrastructure;

/// <summary>
/// Wakes a background loop of this instance when it has queued work, so the work starts at once instead of at the
/// next poll. Work queued by other instances is still found by polling.
/// </summary>
public abstract class WorkSignal
{
    private readonly SemaphoreSlim _signal = new(0, int.MaxValue);

    public void Notify() => _signal.Release();

    /// <summary>Waits for a notification or the timeout, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        await _signal.WaitAsync(timeout, cancellationToken);
}
