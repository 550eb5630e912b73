using Microsoft.EntityFrameworkCore.Diagnostics;

namespace FaceAspire.Api.Tests.Support;

/// <summary>
/// Fails the next SaveChanges after <see cref="Arm"/>: for uploads, that is after the objects were written and before
/// the rows are committed, the window in which a crash must leave nothing behind.
/// </summary>
public sealed class FaultInjector : SaveChangesInterceptor
{
    private int _armed;
    private Action? _onFailure;

    /// <summary>
    /// Fails the next <paramref name="times"/> calls of SaveChanges, running <paramref name="onFailure"/> (if any) just
    /// before each failure: for example to take storage down in the same instant.
    /// </summary>
    public void Arm(int times = 1, Action? onFailure = null)
    {
        Volatile.Write(ref _onFailure, onFailure);
        Interlocked.Exchange(ref _armed, times);
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Decrement(ref _armed) < 0)
        {
            return base.SavingChangesAsync(eventData, result, cancellationToken);
        }

        Volatile.Read(ref _onFailure)?.Invoke();
        throw new InvalidOperationException("Injected failure before the commit.");
    }
}
