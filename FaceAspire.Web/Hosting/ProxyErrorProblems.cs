using Microsoft.AspNetCore.Mvc;
using Yarp.ReverseProxy.Forwarder;

namespace FaceAspire.Web.Hosting;

/// <summary>
/// YARP answers an unreachable or failing API with an empty 502/504. The browser gets RFC 9110 problem details
/// instead, so the front end can show a sentence rather than a bare status.
/// </summary>
internal sealed partial class ProxyErrorProblems(RequestDelegate next, IProblemDetailsService problems, ILogger<ProxyErrorProblems> logger)
{
    private const int RetryAfterSeconds = 5;

    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);
        if (context.GetForwarderErrorFeature() is not { } failure || context.Response.HasStarted)
        {
            return;
        }

        LogForwardingFailed(logger, failure.Error, context.Request.Path);
        var timedOut = failure.Error is ForwarderError.RequestTimedOut;
        context.Response.StatusCode = timedOut ? StatusCodes.Status504GatewayTimeout : StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = context.Response.StatusCode,
                Title = timedOut ? "The API did not answer in time." : "The API is unavailable.",
                Detail = "Try again in a few seconds.",
            },
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Forwarding {Path} to the API failed: {Error}")]
    private static partial void LogForwardingFailed(ILogger logger, ForwarderError error, PathString path);
}
