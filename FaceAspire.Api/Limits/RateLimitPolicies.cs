using System.Globalization;
using System.Threading.RateLimiting;
using FaceAspire.Api.Rekognition;
using FaceAspire.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace FaceAspire.Api.Limits;

/// <summary>
/// Named rate limit policies. An endpoint (or a group) opts in with <c>.RequireRateLimiting(RateLimitPolicies.Uploads)</c>
/// and is then counted per signed-in user (the access token's subject) and per client address, against the rule of
/// that name in <see cref="RateLimitOptions"/>; an anonymous request is counted per client address only. A refused
/// request is 429 problem details with <c>Retry-After</c>. Counts are kept in each API instance's memory.
/// </summary>
public static class RateLimitPolicies
{
    public const string Register = "register";
    public const string SignIn = "sign-in";
    public const string Uploads = "uploads";
    public const string Searches = "searches";
    public const string Rekognition = "rekognition";

    private const string Unlimited = "unlimited";

    public static IHostApplicationBuilder AddLimits(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>()
            .Bind(builder.Configuration.GetSection(RateLimitOptions.SectionName))
            .Validate(o => new[] { o.Register, o.SignIn, o.Uploads, o.Searches, o.Rekognition }.All(r => r.IsValid),
                "RateLimits: PerUser and PerClient must be 0 or more and Window between 00:00:01 and 1.00:00:00.")
            .ValidateOnStart();
        builder.Services.AddOptions<QuotaOptions>()
            .Bind(builder.Configuration.GetSection(QuotaOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddScoped<UsageQuota>();

        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, settings) =>
        {
            var rules = settings.Value;
            foreach (var policy in new[] { Register, SignIn, Uploads, Searches, Rekognition })
            {
                // The policy names mark the endpoints; the counting is done by the global limiter below.
                limiter.AddPolicy(policy, _ => RateLimitPartition.GetNoLimiter(Unlimited));
            }

            limiter.GlobalLimiter = new UserAndClientLimiter(
                PartitionedRateLimiter.Create<HttpContext, string>(context => PolicyOf(context) is { } policy
                    && context.User.FindFirst(AccessTokenDefaults.SubjectClaim)?.Value is { } user
                        ? Window(rules.Rule(policy).PerUser, rules.Rule(policy).Window, $"{policy}|user|{user}")
                        : RateLimitPartition.GetNoLimiter(Unlimited)),
                PartitionedRateLimiter.Create<HttpContext, string>(context => PolicyOf(context) is { } policy
                    ? Window(rules.Rule(policy).PerClient, rules.Rule(policy).Window, $"{policy}|client|{ClientAddress(context)}")
                    : RateLimitPartition.GetNoLimiter(Unlimited)));
            limiter.OnRejected = RejectAsync;
        });
        return builder;
    }

    /// <summary>The client address as the forwarded-headers middleware resolved it.</summary>
    public static string ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static string? PolicyOf(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName;

    private static RateLimitPartition<string> Window(int permits, TimeSpan window, string key) =>
        permits == 0
            ? RateLimitPartition.GetNoLimiter(Unlimited)
            : RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = permits,
                Window = window,
                QueueLimit = 0,
            });

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 60;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        if (PolicyOf(context) == Rekognition)
        {
            // AWS tools expect Rekognition's own error for a rate limit, which their retry logic knows.
            await RekognitionProtocol.WriteErrorAsync(context.Response, "ThrottlingException", "Rate exceeded", StatusCodes.Status400BadRequest);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests.",
                Detail = $"This kind of request is limited per user and per client address. Retry in {seconds} seconds.",
            },
        });
    }
}
