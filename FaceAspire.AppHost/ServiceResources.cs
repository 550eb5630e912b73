namespace FaceAspire.AppHost;

/// <summary>How the AppHost adds FaceAspire's .NET services and the configuration they share.</summary>
internal static class ServiceResources
{
    /// <summary>
    /// Adds a service project with the AppHost's environment name and no launch profile: ports come from Aspire, so
    /// several instances (tests, replicas) never collide on a fixed port.
    /// </summary>
#pragma warning disable ASPIRECERTIFICATES001 // WithoutHttpsCertificate is an evaluation API of Aspire 13.6
    public static IResourceBuilder<ProjectResource> AddService<TProject>(this IDistributedApplicationBuilder builder, string name)
        where TProject : IProjectMetadata, new() =>
        builder.AddProject<TProject>(name, options => options.ExcludeLaunchProfile = true)
            // The services speak plain HTTP on loopback (TLS ends at the load balancer in production): no development
            // certificate, and so no dashboard warning about an untrusted one.
            .WithoutHttpsCertificate()
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", builder.Environment.EnvironmentName)
            .WithEnvironment("DOTNET_ENVIRONMENT", builder.Environment.EnvironmentName)
            // The dashboard is on this machine and stops together with the services: a service must not spend the
            // exporter's default 10 s flushing telemetry to a dashboard that has just gone.
            .WithEnvironment("OTEL_EXPORTER_OTLP_TIMEOUT", "2000");
#pragma warning restore ASPIRECERTIFICATES001

    /// <summary>The configuration both the migration step and the serving API receive.</summary>
    public static IResourceBuilder<ProjectResource> WithApiConfiguration(
        this IResourceBuilder<ProjectResource> api,
        IResourceBuilder<IResourceWithConnectionString> database,
        IResourceBuilder<ParameterResource> jwtSigningKey,
        AppHostSettings settings)
    {
        api.WithReference(database)
            .WaitFor(database)
            .WithEnvironment("Jwt__SigningKey", jwtSigningKey)
            .WithEnvironment("Storage__Provider", "Local")
            .WithEnvironment("Storage__Local__RootPath", settings.StorageDirectory);

        // The first administrator, created by the API at start, only when the developer asks.
        if (!string.IsNullOrEmpty(settings.AdminEmail) && !string.IsNullOrEmpty(settings.AdminPassword))
        {
            api.WithEnvironment("Admin__Email", settings.AdminEmail)
                .WithEnvironment("Admin__Password", settings.AdminPassword);
        }

        return api;
    }
}
