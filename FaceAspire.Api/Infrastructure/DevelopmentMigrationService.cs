using Microsoft.Extensions.Options;

namespace FaceAspire.Api.Infrastructure;

/// <summary>
/// Migrates on start in Development when <c>Database:MigrateOnStartup</c> is true. Other environments never migrate
/// silently: deployments run the <c>migrate</c> command as their own step.
/// </summary>
internal sealed class DevelopmentMigrationService(
    IHostEnvironment environment,
    IOptions<DatabaseOptions> options,
    MigrationRunner runner) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        environment.IsDevelopment() && options.Value.MigrateOnStartup
            ? runner.MigrateAsync(cancellationToken)
            : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
