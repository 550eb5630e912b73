using FaceAspire.Api.Infrastructure;
using Microsoft.Extensions.Options;

namespace FaceAspire.Api.Faces;

/// <summary>
/// Runs <see cref="PeopleClusterer"/> for every owner whose faces changed, on every instance that has
/// <see cref="FacesOptions.ClusteringEnabled"/>: owners are claimed one at a time, so instances share the work.
/// </summary>
public sealed class PeopleClusteringService(
    IServiceScopeFactory scopes, IOptions<FacesOptions> options, TimeProvider time, ILogger<PeopleClusteringService> logger)
    : BackgroundLoop(logger, time)
{
    /// <summary>Clusters one due owner; false when none was due. Public so tests can drive it.</summary>
    public async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PeopleClusterer>().ClusterNextAsync(cancellationToken);
    }

    protected override string Name => "People clustering";

    protected override TimeSpan PollInterval => options.Value.ClusteringPollInterval;

    protected override Task<bool> RunPassAsync(CancellationToken cancellationToken) => RunOnceAsync(cancellationToken);
}
