using FaceAspire.Hosting;
using FaceAspire.Hosting.ApplicationModel;

namespace FaceAspire.AppHost;

/// <summary>The configuration both the migration step and the serving API receive.</summary>
internal static class ApiConfiguration
{
    public static ResourceBuilder<ProjectResource> WithApiConfiguration(
        this ResourceBuilder<ProjectResource> api, ResourceBuilder<PostgresDatabaseResource> database, AppHostSettings settings)
    {
        api.WithReference(database)
            .WaitFor(database)
            .WithEnvironment("Jwt__SigningKey", DevelopmentSecret.ReadOrCreate(settings.JwtSigningKeyFile))
            .WithEnvironment("Storage__Provider", "Local")
            .WithEnvironment("Storage__Local__RootPath", settings.StorageDirectory);

        // The first administrator, created or promoted by the API at start, only when the developer asks.
        if (!string.IsNullOrEmpty(settings.AdminEmail) && !string.IsNullOrEmpty(settings.AdminPassword))
        {
            api.WithEnvironment("Admin__Email", settings.AdminEmail)
                .WithEnvironment("Admin__Password", settings.AdminPassword);
        }

        return api;
    }
}
