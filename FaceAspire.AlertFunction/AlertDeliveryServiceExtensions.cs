using FaceAspire.AlertFunction.Alerts;
using FaceAspire.AlertFunction.Contracts;
using FaceAspire.AlertFunction.Mail;
using FaceAspire.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace FaceAspire.AlertFunction;

/// <summary>Registers what both hosts share: the delivery log in PostgreSQL, the SMTP mailer and the handler.</summary>
public static class AlertDeliveryServiceExtensions
{
    /// <summary>
    /// Adds <see cref="AlertHandler"/> and its parts. Reads <c>ConnectionStrings:facedb</c>, the <c>Smtp</c>
    /// section (or <c>ConnectionStrings:mail</c>) and the <c>AlertFunction</c> section; all are validated at start.
    /// </summary>
    public static TBuilder AddAlertDelivery<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        var services = builder.Services;
        if (string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(ResourceNames.Database)))
        {
            throw new InvalidOperationException($"ConnectionStrings:{ResourceNames.Database} is required: the alert function keeps its delivery log there.");
        }

        // Aspire's Npgsql integration: the data source with its readiness check (the function cannot deduplicate,
        // so must not accept alerts, without its database), tracing and metrics.
        builder.AddNpgsqlDataSource(ResourceNames.Database);
        services.AddSingleton<AlertDeliveryStore>();
        services.AddSingleton<AccountDirectory>();
        services.AddHostedService<AlertSchemaInitializer>();

        services.AddOptions<SmtpOptions>()
            .Bind(builder.Configuration.GetSection(SmtpOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<SmtpOptionsSetup>();
        services.AddSingleton<IPostConfigureOptions<SmtpOptions>>(provider => provider.GetRequiredService<SmtpOptionsSetup>());
        services.AddSingleton<IValidateOptions<SmtpOptions>>(provider => provider.GetRequiredService<SmtpOptionsSetup>());
        services.AddSingleton<AlertMailer>();

        var development = builder.Environment.IsDevelopment();
        services.AddOptions<AlertHandlerOptions>()
            .Bind(builder.Configuration.GetSection(AlertHandlerOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(
                o => o.PublicBaseUrl is null ? development : o.PublicBaseUrl.IsAbsoluteUri && o.PublicBaseUrl.Scheme is "https" or "http",
                "AlertFunction:PublicBaseUrl (the web app's absolute http or https address; review links must lie under it) is required outside Development.")
            .Validate(
                o => AlertMessageValidator.ParseRecipients(o.Recipients, []) is var parsed && parsed.Count == o.Recipients.Count && (parsed.Count > 0 || development),
                "AlertFunction:Recipients (the administrators' e-mail addresses, distinct, at most 50) is required outside Development.")
            .ValidateOnStart();
        services.AddSingleton<AlertHandler>();
        return builder;
    }
}
