using Microsoft.Extensions.Options;

namespace FaceAspire.Api.Faces;

/// <summary>
/// Runs <see cref="PeopleClusterer"/> for every owner whose faces changed, on every instance that has
/// <see cref="FacesOptions.ClusteringEnabled"/>: owners are claimed one at a time, so instances share the work.
/// </summary>
public sealed partial class PeopleClusteringService(
    IServiceScopeFactory scopes, IOptions<FacesOptions> options, TimeProvider time, ILogger<PeopleClusteringService> logger) : BackgroundService
{
    /// <summary>Clusters one due owner; false when none was due. Public so tests can drive it.</summary>
    public async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PeopleClusterer>().ClusterNextAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var worked = false;
            try
            {
                worked = await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Typically the database is unreachable; the owner stays due for the next round.
                LogClusteringFailed(logger, ex);
            }

            if (worked)
            {
                continue;
            }

            try
            {
                await Task.Delay(options.Value.ClusteringPollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "People clustering failed")]
    private static partial void LogClusteringFailed(ILogger logger, Exception exception);
}
