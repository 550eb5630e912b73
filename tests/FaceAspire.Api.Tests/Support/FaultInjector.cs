using Microsoft.EntityFrameworkCore.Diagnostics;

namespace FaceAspire.Api.Tests.Support;

/// <summary>
/// Fails the next SaveChanges after <see cref="Arm"/>: for uploads, that is after the objects were written and before
/// the rows are committed, the window in which a crash must leave nothing behind.
/// </summary>
public sealed class FaultInjector : SaveChangesInterceptor
{
    private int _armed;

    /// <summary>Fails the next <paramref name="times"/> calls of SaveChanges.</summary>
    public void Arm(int times = 1) => Interlocked.Exchange(ref _armed, times);

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
        Interlocked.Decrement(ref _armed) >= 0
            ? throw new InvalidOperationException("Injected failure before the commit.")
            : base.SavingChangesAsync(eventData, result, cancellationToken);
}
