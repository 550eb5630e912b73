using Amazon.SQS;
using Microsoft.Extensions.Options;

namespace FaceAspire.Api.Alerts;

internal static class AlertsExtensions
{
    /// <summary>Registers the outbox dispatcher and the transport chosen by <c>Alerts:Transport</c>.</summary>
    public static IHostApplicationBuilder AddAlerts(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AlertOptions>()
            .Bind(builder.Configuration.GetSection(AlertOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(
                o => o.Transport != AlertTransport.Sqs || !string.IsNullOrWhiteSpace(o.Sqs.QueueUrl),
                "Alerts:Sqs:QueueUrl is required when Alerts:Transport is Sqs.")
            .Validate(
                o => o.Sqs.HasConsistentKeys,
                "Alerts:Sqs:AccessKey and Alerts:Sqs:SecretKey must be set together.")
            .Validate(
                o => o.Transport != AlertTransport.Sns || (o.Sns.TopicArn?.StartsWith("arn:", StringComparison.Ordinal) ?? false),
                "Alerts:Sns:TopicArn (arn:aws:sns:REGION:ACCOUNT:NAME) is required when Alerts:Transport is Sns.")
            .Validate(
                o => o.Sns.HasConsistentKeys,
                "Alerts:Sns:AccessKey and Alerts:Sns:SecretKey must be set together.")
            // The key is the function's own setting, so one AlertFunction__ApiKey variable configures both services.
            .PostConfigure(o => o.ApiKey ??= builder.Configuration["AlertFunction:ApiKey"])
            .ValidateOnStart();
        builder.Services.AddOptions<AppOptions>()
            .Bind(builder.Configuration.GetSection(AppOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddSingleton<AlertOutboxSignal>();
        builder.Services.AddSingleton<AlertMetrics>();
        builder.Services.AddScoped<AlertPayloadBuilder>();
        var transport = builder.Configuration.GetSection(AlertOptions.SectionName).GetValue<AlertTransport?>(nameof(AlertOptions.Transport));
        if (transport == AlertTransport.Sqs)
        {
            builder.Services.AddKeyedSingleton<IAmazonSQS>(
                SqsAlertSender.ClientKey, (services, _) => services.GetRequiredService<IOptions<AlertOptions>>().Value.Sqs.CreateSqsClient());
            builder.Services.AddScoped<IAlertSender, SqsAlertSender>();
        }
        else if (transport == AlertTransport.Sns)
        {
            builder.Services.AddSingleton(services => new SnsCredentials(services.GetRequiredService<IOptions<AlertOptions>>().Value.Sns.Credentials));
            builder.Services.AddHttpClient<IAlertSender, SnsAlertSender>();
        }
        else
        {
            builder.Services.AddTransient<AlertRequestSigner>();
            builder.Services.AddHttpClient<IAlertSender, HttpAlertSender>((services, http) =>
                    http.BaseAddress = services.GetRequiredService<IOptions<AlertOptions>>().Value.FunctionUrl)
                .AddHttpMessageHandler<AlertRequestSigner>();
        }

        builder.Services.AddSingleton<AlertDispatcherService>();
        if (builder.Configuration.GetSection(AlertOptions.SectionName).GetValue(nameof(AlertOptions.DispatcherEnabled), defaultValue: true))
        {
            builder.Services.AddHostedService(services => services.GetRequiredService<AlertDispatcherService>());
        }

        return builder;
    }
}
