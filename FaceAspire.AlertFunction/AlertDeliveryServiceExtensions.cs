using FaceAspire.AlertFunction.Alerts;
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
        services.AddHostedService<AlertSchemaInitializer>();

        services.AddOptions<SmtpOptions>()
            .Bind(builder.Configuration.GetSection(SmtpOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<SmtpOptionsSetup>();
        services.AddSingleton<IPostConfigureOptions<SmtpOptions>>(provider => provider.GetRequiredService<SmtpOptionsSetup>());
        services.AddSingleton<IValidateOptions<SmtpOptions>>(provider => provider.GetRequiredService<SmtpOptionsSetup>());
        services.AddSingleton<AlertMailer>();

        services.AddOptions<AlertHandlerOptions>()
            .Bind(builder.Configuration.GetSection(AlertHandlerOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<AlertHandler>();
        return builder;
    }
}
