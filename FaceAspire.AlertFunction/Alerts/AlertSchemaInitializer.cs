using FaceAspire.ServiceDefaults;

namespace FaceAspire.AlertFunction.Alerts;

/// <summary>
/// Creates the <c>alert_deliveries</c> table when the function starts, waiting a short while for a database
/// that is still starting; if it never answers, start-up fails (on Lambda: an init error).
/// </summary>
internal sealed class AlertSchemaInitializer(AlertDeliveryStore store, ILogger<AlertSchemaInitializer> logger) : IHostedService
{
    private static readonly TimeSpan WaitForDatabase = TimeSpan.FromSeconds(20);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + WaitForDatabase;
        while (true)
        {
            try
            {
                await store.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception exception) when (DatabaseAvailability.IsUnavailable(exception) && DateTime.UtcNow < deadline)
            {
                logger.LogWarning("Database not reachable yet ({Message}); retrying", exception.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
