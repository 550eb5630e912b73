using Microsoft.AspNetCore.Authorization;
using Scalar.AspNetCore;

namespace FaceAspire.Api.Infrastructure;

/// <summary>
/// Production defaults of the HTTP surface: every endpoint requires a signed-in user unless it says
/// <c>AllowAnonymous</c>; HSTS for a year with subdomains outside Development; the OpenAPI document and the Scalar
/// page only where <c>OpenApi:Enabled</c> is true (appsettings.Development.json turns it on).
/// </summary>
internal static class HttpDefaults
{
    public const string OpenApiEnabledKey = "OpenApi:Enabled";

    public static IHostApplicationBuilder AddHttpDefaults(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenApi();
        builder.Services.AddHsts(options =>
        {
            options.MaxAge = TimeSpan.FromDays(365);
            options.IncludeSubDomains = true;
        });
        builder.Services.AddAuthorizationBuilder().SetFallbackPolicy(new AuthorizationPolicyBuilder()
            .RequireAuthenticatedUser()
            .Build());
        return builder;
    }

    /// <summary>HSTS outside Development (browsers ignore it on plain HTTP; ASP.NET Core skips localhost).</summary>
    public static WebApplication UseHttpDefaults(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        return app;
    }

    /// <summary>Maps <c>/openapi/v1.json</c> and <c>/scalar</c>, open to anyone, when <c>OpenApi:Enabled</c> is true.</summary>
    public static WebApplication MapApiReference(this WebApplication app)
    {
        if (app.Configuration.GetValue<bool>(OpenApiEnabledKey))
        {
            app.MapOpenApi().AllowAnonymous();
            app.MapScalarApiReference().AllowAnonymous();
        }

        return app;
    }
}
