using FaceAspire.Api.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FaceAspire.Api.Alerts;

/// <summary>
/// Delivers the alert outbox (review alerts and account notices): each due row is claimed (its next attempt pushed out,
/// with <c>SKIP LOCKED</c> so two instances never send one row at once), built and sent; acknowledged rows are marked
/// delivered, others are retried with exponential back-off. Delivery is at least once; the function deduplicates by id.
/// </summary>
public sealed partial class AlertDispatcherService(
    IServiceScopeFactory scopes,
    AlertOutboxSignal signal,
    AlertMetrics metrics,
    IOptions<AlertOptions> options,
    TimeProvider time,
    ILogger<AlertDispatcherService> logger) : BackgroundLoop(logger, time, signal)
{
    private const int BatchSize = 10;
    private static readonly TimeSpan ClaimDuration = TimeSpan.FromMinutes(2);

    /// <summary>Sends every due alert once; returns how many were acknowledged. Public so tests can drive it.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>();
        var builder = scope.ServiceProvider.GetRequiredService<AlertPayloadBuilder>();
        var sender = scope.ServiceProvider.GetRequiredService<IAlertSender>();
        var now = Time.GetUtcNow();
        var claimedUntil = now + ClaimDuration;
        var due = await db.Database.SqlQuery<DueAlert>($"""
            UPDATE alert_outbox AS a SET "NextAttemptAt" = {claimedUntil}
            WHERE a."Id" IN (
                SELECT d."Id" FROM alert_outbox AS d
                WHERE d."DeliveredAt" IS NULL AND d."NextAttemptAt" <= {now}
                ORDER BY d."NextAttemptAt"
                LIMIT {BatchSize}
                FOR UPDATE SKIP LOCKED)
            RETURNING a."Id", a."Kind", a."ReviewId", a."UserId", a."CreatedAt", a."Attempts", a."TraceParent"
            """).ToListAsync(cancellationToken);

        var delivered = 0;
        // RETURNING lists rows in no particular order: oldest first, as they were claimed.
        foreach (var alert in due.OrderBy(a => a.CreatedAt).ThenBy(a => a.Id))
        {
            using var span = Telemetry.StartContinuing("alert delivery", alert.TraceParent);
            span?.SetTag("faceaspire.alert.id", alert.Id).SetTag("faceaspire.alert.kind", alert.Kind).SetTag("faceaspire.alert.attempt", alert.Attempts + 1);
            string? error = null;
            try
            {
                if (await builder.BuildAsync(alert, cancellationToken) is { } message)
                {
                    await sender.SendAsync(message, cancellationToken);
                }
            }
            catch (AlertDeliveryException ex)
            {
                error = ex.Message;
                LogNotDelivered(logger, alert.Id, alert.Attempts + 1, ex.Message);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // Anything else (a database hiccup while building it, an SDK error) is one more failed attempt too.
                error = $"{ex.GetType().Name}: {ex.Message}";
                LogNotDelivered(logger, alert.Id, alert.Attempts + 1, error);
            }

            var finished = Time.GetUtcNow();
            var row = db.AlertOutbox.Where(a => a.Id == alert.Id);
            metrics.RecordDelivery(error is null);
            if (error is null)
            {
                delivered++;
                await row.ExecuteUpdateAsync(
                    set => set.SetProperty(a => a.DeliveredAt, finished).SetProperty(a => a.Attempts, alert.Attempts + 1)
                        .SetProperty(a => a.LastError, (string?)null),
                    CancellationToken.None);
            }
            else
            {
                var next = finished + Backoff(alert.Attempts + 1);
                var message = error.Length <= 500 ? error : error[..500];
                await row.ExecuteUpdateAsync(
                    set => set.SetProperty(a => a.NextAttemptAt, next).SetProperty(a => a.Attempts, alert.Attempts + 1)
                        .SetProperty(a => a.LastError, message),
                    CancellationToken.None);
            }
        }

        return delivered;
    }

    /// <summary>Delay after the <paramref name="failures"/>-th failed attempt: RetryDelay, doubled each time, capped.</summary>
    internal TimeSpan Backoff(int failures) => RetryBackoff.After(failures, options.Value.RetryDelay, options.Value.MaxRetryDelay);

    protected override string Name => "Alert dispatcher";

    protected override TimeSpan PollInterval => options.Value.PollInterval;

    protected override async Task<bool> RunPassAsync(CancellationToken cancellationToken)
    {
        await DispatchDueAsync(cancellationToken);
        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert {AlertId} not delivered (attempt {Attempt}): {Reason}")]
    private static partial void LogNotDelivered(ILogger logger, Guid alertId, int attempt, string reason);
}
