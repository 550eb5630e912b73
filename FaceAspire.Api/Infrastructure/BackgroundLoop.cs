using FaceAspire.ServiceDefaults;

namespace FaceAspire.Api.Infrastructure;

/// <summary>
/// The one shape of the API's background loops (analysis jobs, alert outbox, object deletions, privacy upkeep):
/// run a pass (claim due work with <c>FOR UPDATE SKIP LOCKED</c> and run it; failed items carry their own back-off
/// in their rows), go straight on when the pass says more is due, otherwise wait for the poll interval or this
/// instance's <see cref="WorkSignal"/>. A failed pass (typically the database being unavailable) is logged and the
/// loop waits a poll interval; cancellation of the host's token is shutdown, not an error.
/// </summary>
public abstract partial class BackgroundLoop(ILogger logger, TimeProvider time, WorkSignal? signal = null) : BackgroundService
{
    /// <summary>The clock the loop waits on (and that subclasses date their claims with).</summary>
    protected TimeProvider Time { get; } = time;

    /// <summary>The loop's name in logs.</summary>
    protected abstract string Name { get; }

    /// <summary>How long an idle loop waits before it looks again.</summary>
    protected abstract TimeSpan PollInterval { get; }

    /// <summary>Loops this instance runs side by side (each its own claims).</summary>
    protected virtual int Concurrency => 1;

    /// <summary>Runs one pass; true when more work may be due at once, so the loop goes on without waiting.</summary>
    protected abstract Task<bool> RunPassAsync(CancellationToken cancellationToken);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Concurrency == 1
            ? RunLoopAsync(0, stoppingToken)
            : Task.WhenAll(Enumerable.Range(0, Concurrency).Select(i => Task.Run(() => RunLoopAsync(i, stoppingToken), stoppingToken)));

    private async Task RunLoopAsync(int index, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var more = false;
            try
            {
                more = await RunPassAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (DatabaseAvailability.IsUnavailable(ex))
            {
                // The work stays in its rows for the next pass.
                LogDatabaseUnavailable(logger, ex, Name, index);
            }
            catch (Exception ex)
            {
                LogPassFailed(logger, ex, Name, index);
            }

            if (more)
            {
                continue;
            }

            try
            {
                await WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private Task WaitAsync(CancellationToken cancellationToken) =>
        signal is null ? Task.Delay(PollInterval, Time, cancellationToken) : signal.WaitAsync(PollInterval, cancellationToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Loop} ({Index}): the database is unavailable; trying again after the poll interval")]
    private static partial void LogDatabaseUnavailable(ILogger logger, Exception exception, string loop, int index);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Loop} ({Index}): a pass failed; trying again after the poll interval")]
    private static partial void LogPassFailed(ILogger logger, Exception exception, string loop, int index);
}
