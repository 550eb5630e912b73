namespace FaceAspire.Api.Privacy;

internal static class PrivacyExtensions
{
    /// <summary>Registers account deletion, export and the privacy upkeep (retention, purges, orphan sweep).</summary>
    public static IHostApplicationBuilder AddPrivacy(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PrivacyOptions>()
            .Bind(builder.Configuration.GetSection(PrivacyOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddScoped<AccountEraser>();
        builder.Services.AddScoped<AccountExporter>();
        builder.Services.AddSingleton<PrivacyUpkeepService>();
        if (builder.Configuration.GetSection(PrivacyOptions.SectionName).GetValue(nameof(PrivacyOptions.UpkeepEnabled), defaultValue: true))
        {
            builder.Services.AddHostedService(services => services.GetRequiredService<PrivacyUpkeepService>());
        }

        return builder;
    }
}
