using System.Globalization;
using FaceAspire.AlertFunction.Alerts;
using FaceAspire.AlertFunction.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FaceAspire.AlertFunction.Http;

/// <summary>Reply to an accepted alert.</summary>
/// <param name="AlertId">The alert's (or account notice's) id.</param>
/// <param name="Status">
/// <c>sent</c> when this call emailed it, <c>duplicate</c> when it had been emailed before, <c>skipped</c> for an account
/// notice whose account no longer exists.
/// </param>
public sealed record AlertReceipt(Guid AlertId, string Status);

/// <summary>The local HTTP host's endpoint: <c>POST /alerts</c>, called by the API's outbox dispatcher.</summary>
public static class AlertsApi
{
    /// <summary>Route of the endpoint.</summary>
    public const string Route = "/alerts";

    /// <summary>Largest request body accepted: the 64 KiB thumbnail in base64 plus the other fields.</summary>
    public const long MaxBodyBytes = 256 * 1024;

    /// <summary>Adds problem details, the exception mapping and the validated API key option.</summary>
    public static TBuilder AddAlertsApi<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<AlertExceptionHandler>();
        builder.Services.AddOptions<AlertsApiOptions>()
            .Bind(builder.Configuration.GetSection(AlertHandlerOptions.SectionName))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AlertsApiOptions>, AlertsApiOptionsValidator>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        return builder;
    }

    /// <summary>Maps <c>POST /alerts</c>, open only to requests signed with the shared secret.</summary>
    public static IEndpointRouteBuilder MapAlertsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost(Route, PostAlertAsync)
            .AddEndpointFilter<AlertSignatureFilter>()
            .Accepts<AlertMessage>("application/json")
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes))
            .WithName("PostAlert")
            .WithSummary("Emails a low-confidence alert to every administrator, or an account notice to the account's owner, once per id.")
            .WithTags("Alerts");
        return app;
    }

    private static async Task<Results<Ok<AlertReceipt>, ValidationProblem, ProblemHttpResult>> PostAlertAsync(
        HttpContext context, AlertHandler handler, IOptions<AlertHandlerOptions> options, CancellationToken cancellationToken)
    {
        if (!context.Request.HasJsonContentType())
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported media type",
                detail: "Send the alert as application/json.");
        }

        var read = await AlertMessageReader.ReadAsync(context.Request.Body, options.Value.PublicBaseUrl, cancellationToken).ConfigureAwait(false);
        if (read.FormatError is not null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed alert", detail: read.FormatError);
        }

        if (read.Message is null)
        {
            return TypedResults.ValidationProblem(read.Errors, title: "Invalid alert");
        }

        var outcome = await handler.HandleAsync(read.Message, cancellationToken).ConfigureAwait(false);
        var alertId = read.Message.Id;
        switch (outcome)
        {
            case AlertOutcome.Sent:
                return TypedResults.Ok(new AlertReceipt(alertId, "sent"));
            case AlertOutcome.Duplicate:
                return TypedResults.Ok(new AlertReceipt(alertId, "duplicate"));
            case AlertOutcome.Skipped:
                return TypedResults.Ok(new AlertReceipt(alertId, "skipped"));
            case AlertOutcome.InProgress busy:
                SetRetryAfter(context, busy.RetryAfter);
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status409Conflict,
                    title: "Alert delivery in progress",
                    detail: "Another delivery of this alert is under way; retry after the Retry-After delay.");
            case AlertOutcome.NoRecipients none:
                SetRetryAfter(context, none.RetryAfter);
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status503ServiceUnavailable,
                    title: "No recipients configured",
                    detail: "No administrator is configured to receive alerts (AlertFunction:Recipients); the alert was not emailed.");
            case AlertOutcome.MailUnavailable failed:
                SetRetryAfter(context, failed.RetryAfter);
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status503ServiceUnavailable,
                    title: "Mail server unavailable",
                    detail: "The alert was not emailed; retry after the Retry-After delay.");
            default:
                throw new InvalidOperationException($"Unknown alert outcome {outcome}.");
        }
    }

    private static void SetRetryAfter(HttpContext context, TimeSpan delay) =>
        context.Response.Headers.RetryAfter = ((int)Math.Ceiling(delay.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
