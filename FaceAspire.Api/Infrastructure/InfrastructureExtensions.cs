using FaceAspire.Api.Infrastructure.Errors;
using FaceAspire.ServiceDefaults;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace FaceAspire.Api.Infrastructure;

internal static class InfrastructureExtensions
{
    /// <summary>Registers the database, its health check, the migration runner and the ProblemDetails error mapping.</summary>
    public static IHostApplicationBuilder AddInfrastructure(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatabaseOptions>()
            .Bind(builder.Configuration.GetSection(DatabaseOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // Pooled: a request reuses a context instance instead of building one (and its internal services) each time.
        builder.Services.AddDbContextPool<FaceAspireDbContext>((services, options) =>
        {
            var connectionString = builder.Configuration.GetConnectionString(ResourceNames.Database)
                ?? throw new InvalidOperationException(
                    $"ConnectionStrings:{ResourceNames.Database} is not set (environment variable ConnectionStrings__{ResourceNames.Database}).");
            // No EnableRetryOnFailure: a request should fail fast with 503 during an outage instead of hanging.
            options.UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"));
            // Interceptors registered in DI (singletons) join every context: the seam for auditing and fault injection.
            options.AddInterceptors(services.GetServices<IInterceptor>());
        });

        // Aspire's Npgsql integration for EF Core: the database health check, Npgsql tracing and metrics. Retries stay
        // off: a request should fail fast with 503 during an outage instead of hanging, and a retrying strategy
        // would refuse the explicit transactions the features use.
        builder.EnrichNpgsqlDbContext<FaceAspireDbContext>(settings => settings.DisableRetry = true);
        builder.Services.AddHostedService<DatabaseNotifications>();
        builder.Services.AddTransient<MigrationRunner>();
        builder.Services.AddHostedService<DevelopmentMigrationService>();

        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return builder;
    }
}
