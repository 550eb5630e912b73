using FaceAspire.Api.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;

namespace FaceAspire.Api.Rekognition;

internal static class RekognitionExtensions
{
    /// <summary>
    /// Registers access keys (secrets under Data Protection, its key ring in PostgreSQL so every instance shares it),
    /// the Signature Version 4 scheme and the Rekognition operations.
    /// </summary>
    public static IHostApplicationBuilder AddRekognition(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RekognitionOptions>()
            .Bind(builder.Configuration.GetSection(RekognitionOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddDataProtection()
            .SetApplicationName("FaceAspire")
            .PersistKeysToDbContext<Infrastructure.FaceAspireDbContext>();
        builder.Services.AddScoped<AccessKeyStore>();
        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, SigV4AuthenticationHandler>(SigV4AuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(RekognitionApi.PolicyName, policy => policy
                .AddAuthenticationSchemes(SigV4AuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser());
        builder.Services.AddScoped<RekognitionImages>();
        builder.Services.AddScoped<FaceOperations>();
        builder.Services.AddScoped<CollectionOperations>();
        return builder;
    }
}
