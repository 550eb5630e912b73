using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FaceAspire.AlertFunction.Alerts;

/// <summary>Readiness: the function cannot deduplicate, so must not accept alerts, without its database.</summary>
internal sealed class AlertStoreHealthCheck(AlertDeliveryStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.PingAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (exception is Npgsql.NpgsqlException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("The alert database is not reachable.", exception);
        }
    }
}
