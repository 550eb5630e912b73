using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace FaceAspire.ServiceDefaults.Authentication;

/// <summary>JWT bearer validation shared by every service that accepts FaceAspire access tokens.</summary>
public static class FaceAspireJwtBearerExtensions
{
    /// <summary>
    /// Adds JWT bearer authentication that accepts only HS256 access tokens (<c>typ: at+jwt</c>) with the configured
    /// issuer, audience and lifetime, and validates <see cref="JwtOptions"/> at start.
    /// </summary>
    public static AuthenticationBuilder AddFaceAspireJwtBearer<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<JwtOptions>()
            .Bind(builder.Configuration.GetSection(JwtOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<JwtOptions>, JwtOptionsValidator>();
        builder.Services.AddSingleton<JwtSigningKeyProvider>();
        builder.Services.AddSingleton<IConfigureOptions<JwtBearerOptions>, ConfigureJwtBearer>();

        return builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
    }

    /// <summary>The validation rules, shared with unit tests of the token issuer.</summary>
    public static TokenValidationParameters CreateValidationParameters(JwtOptions options, SecurityKey key) => new()
    {
        ValidateIssuerSigningKey = true,
        IssuerSigningKey = key,
        ValidAlgorithms = [AccessTokenDefaults.Algorithm],
        ValidTypes = [AccessTokenDefaults.TokenType],
        ValidateIssuer = true,
        ValidIssuer = options.Issuer,
        ValidateAudience = true,
        ValidAudience = options.Audience,
        ValidateLifetime = true,
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ClockSkew = options.ClockSkew,
        NameClaimType = AccessTokenDefaults.SubjectClaim,
        RoleClaimType = AccessTokenDefaults.RoleClaim,
    };

    private sealed class ConfigureJwtBearer(
        IOptions<JwtOptions> jwtOptions,
        JwtSigningKeyProvider keys,
        IHostEnvironment environment) : IConfigureNamedOptions<JwtBearerOptions>
    {
        public void Configure(string? name, JwtBearerOptions options)
        {
            if (name != JwtBearerDefaults.AuthenticationScheme)
            {
                return;
            }

            options.RequireHttpsMetadata = !environment.IsDevelopment();
            // Keep JWT claim names as issued ("sub", "role") rather than the legacy WS-* URIs.
            options.MapInboundClaims = false;
            options.TokenValidationParameters = CreateValidationParameters(jwtOptions.Value, keys.Key);
        }

        public void Configure(JwtBearerOptions options) => Configure(Options.DefaultName, options);
    }
}
