using FaceAspire.ServiceDefaults;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace FaceAspire.AlertFunction.Http;

/// <summary>
/// Maps exceptions to RFC 9110 problem details: a request the server could not read keeps its 4xx status,
/// an unreachable database is 503 with Retry-After (the sender retries), anything else a generic 500.
/// </summary>
internal sealed class AlertExceptionHandler(IProblemDetailsService problemDetails, ILogger<AlertExceptionHandler> logger) : IExceptionHandler
{
    private const int DatabaseRetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            BadHttpRequestException bad => new ProblemDetails { Status = bad.StatusCode, Title = "The request could not be read", Detail = bad.Message },
            _ when DatabaseAvailability.IsUnavailable(exception) => new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Alert store unavailable",
                Detail = "The alert could not be checked for duplicates; retry later.",
            },
            _ => new ProblemDetails { Status = StatusCodes.Status500InternalServerError, Title = "An unexpected error occurred" },
        };

        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = DatabaseRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (problem.Status >= 500)
        {
            logger.LogError(exception, "Alert request failed: {Title}", problem.Title);
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        }).ConfigureAwait(false);
    }
}
