namespace FaceAspire.Api.Faces;

internal static class FacesExtensions
{
    /// <summary>Registers the per-user face index, people clustering and the descriptor re-analysis.</summary>
    public static IHostApplicationBuilder AddFaces(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<FacesOptions>()
            .Bind(builder.Configuration.GetSection(FacesOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<FaceIndex>();
        builder.Services.AddScoped<PeopleClusterer>();
        builder.Services.AddSingleton<PeopleClusteringService>();
        builder.Services.AddSingleton<EmbeddingBackfillService>();
        builder.Services.AddHostedService(services => services.GetRequiredService<EmbeddingBackfillService>());
        if (builder.Configuration.GetValue($"{FacesOptions.SectionName}:{nameof(FacesOptions.ClusteringEnabled)}", true))
        {
            builder.Services.AddHostedService(services => services.GetRequiredService<PeopleClusteringService>());
        }

        return builder;
    }
}
