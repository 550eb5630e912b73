using FaceAspire.Api.Faces;
using FaceAspire.Api.Imaging;
using FaceAspire.Api.Limits;
using FaceAspire.Api.Storage;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using FaceAspire.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace FaceAspire.Api.Infrastructure.Errors;

/// <summary>
/// The one place exceptions become RFC 9110 problem details: a database or storage outage is 503 with <c>Retry-After</c>
/// (clients should come back, nothing is broken for good), a rejected image or malformed request is its 4xx,
/// and anything else is a generic 500 that reveals no internals.
/// </summary>
internal sealed partial class ProblemDetailsExceptionHandler(
    IProblemDetailsService problemDetails,
    IOptions<DatabaseOptions> databaseOptions,
    ILogger<ProblemDetailsExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            return true;
        }

        var problem = exception switch
        {
            ImageRejectedException rejected => new ProblemDetails
            {
                Status = rejected.StatusCode,
                Title = rejected.Title,
                Detail = rejected.Message,
            },
            QuotaExceededException quota => OverQuota(httpContext, quota),
            BadHttpRequestException bad => new ProblemDetails
            {
                Status = bad.StatusCode,
                Title = "The request could not be read.",
                Detail = bad.Message,
            },
            FaceMatchingUnavailableException { Transient: true } matching => Unavailable(httpContext, $"Face matching is busy or unreachable ({matching.Message})."),
            FaceMatchingUnavailableException matching => new ProblemDetails
            {
                Status = StatusCodes.Status502BadGateway,
                Title = "Face matching refused the request.",
                Detail = matching.Message,
            },
            StorageUnavailableException { IsFull: true } => Unavailable(httpContext, "Photo storage is full."),
            StorageUnavailableException => Unavailable(httpContext, "Photo storage cannot be reached."),
            _ when DatabaseAvailability.IsUnavailable(exception) => Unavailable(httpContext, "The database cannot be reached."),
            _ => null,
        };

        if (problem is null)
        {
            LogUnhandled(logger, exception, httpContext.Request.Path);
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "An unexpected error occurred.",
            };
        }
        else if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            LogDependencyUnavailable(logger, exception.GetBaseException().Message);
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private static ProblemDetails OverQuota(HttpContext httpContext, QuotaExceededException quota)
    {
        if (quota.RetryAfterSeconds is { } seconds)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return new ProblemDetails { Status = quota.StatusCode, Title = quota.Title, Detail = quota.Message };
    }

    private ProblemDetails Unavailable(HttpContext httpContext, string what)
    {
        var seconds = databaseOptions.Value.RetryAfterSeconds;
        httpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = "The service is temporarily unavailable.",
            Detail = $"{what} Retry in {seconds} seconds.",
        };
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception for {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, PathString path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database or storage unavailable: {Reason}")]
    private static partial void LogDependencyUnavailable(ILogger logger, string reason);
}
