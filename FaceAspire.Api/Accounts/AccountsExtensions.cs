using FaceAspire.Api.Infrastructure;
using FaceAspire.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace FaceAspire.Api.Accounts;

internal static class AccountsExtensions
{
    /// <summary>Registers accounts, sessions, token issuing and validation, roles and the first-admin bootstrap.</summary>
    public static IHostApplicationBuilder AddAccounts(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AccountOptions>()
            .Bind(builder.Configuration.GetSection(AccountOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AccountOptions>, AccountOptionsValidator>();
        builder.Services.AddOptions<AdminOptions>().Bind(builder.Configuration.GetSection(AdminOptions.SectionName));

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(_ => CommonPasswords.Load());
        builder.Services.AddSingleton<PasswordPolicy>();
        builder.Services.AddSingleton<PasswordHasher>();
        builder.Services.AddScoped<SignInThrottle>();
        builder.Services.AddDataProtection();
        builder.Services.AddSingleton<DeviceCookie>();
        builder.Services.AddSingleton<AccessTokenIssuer>();
        builder.Services.AddScoped<SessionStore>();
        builder.Services.AddSingleton<ActiveSessionCache>();
        builder.Services.AddSingleton<IDatabaseNotificationListener>(services => services.GetRequiredService<ActiveSessionCache>());
        builder.Services.AddScoped<AccountService>();
        builder.Services.AddSingleton<AccountMetrics>();
        builder.Services.AddScoped<AdminAccounts>();
        builder.Services.AddHostedService<AdminBootstrapService>();

        builder.AddFaceAspireJwtBearer();
        builder.Services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
            options.Events = new JwtBearerEvents { OnTokenValidated = RequireActiveSessionAsync });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Roles.AdminPolicy, policy => policy.RequireAuthenticatedUser().RequireRole(Roles.Admin));
        return builder;
    }

    /// <summary>
    /// Refuses access tokens of a session that was signed out, replayed or ended by a password change, so those
    /// take effect at once rather than when the token expires.
    /// </summary>
    private static async Task RequireActiveSessionAsync(TokenValidatedContext context)
    {
        var session = context.Principal is null ? null : CurrentUser.SessionId(context.Principal);
        var sessions = context.HttpContext.RequestServices.GetRequiredService<SessionStore>();
        if (session is null || !await sessions.IsActiveAsync(session.Value, context.HttpContext.RequestAborted))
        {
            context.Fail("The session of this access token has ended.");
        }
    }
}
