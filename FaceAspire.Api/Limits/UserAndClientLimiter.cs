using System.Threading.RateLimiting;

namespace FaceAspire.Api.Limits;

/// <summary>
/// Two limiters that must both grant a request (per user, per client address), and a request refused by either takes
/// nothing from the other. Chaining the framework's limiters would not do: a lease taken from the first is not given
/// back when the second refuses, and the rate limiting middleware asks twice (once at once, once waiting), so a refused
/// request would count twice against the other limit. Here both are asked with zero permits first (a look that takes
/// nothing), and only when both have room is one permit taken from each. Nothing waits in a queue.
/// </summary>
internal sealed class UserAndClientLimiter(PartitionedRateLimiter<HttpContext> perUser, PartitionedRateLimiter<HttpContext> perClient)
    : PartitionedRateLimiter<HttpContext>
{
    public override RateLimiterStatistics? GetStatistics(HttpContext resource) => null;

    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount)
    {
        foreach (var limiter in new[] { perUser, perClient })
        {
            var look = limiter.AttemptAcquire(resource, 0);
            if (!look.IsAcquired)
            {
                return look;
            }

            look.Dispose();
        }

        if (permitCount == 0)
        {
            return perUser.AttemptAcquire(resource, 0);
        }

        var user = perUser.AttemptAcquire(resource, permitCount);
        if (!user.IsAcquired)
        {
            return user;
        }

        // Another request may have taken the client's last permit since the look: then this one is refused.
        var client = perClient.AttemptAcquire(resource, permitCount);
        if (!client.IsAcquired)
        {
            user.Dispose();
            return client;
        }

        // Fixed-window leases hold nothing to give back: one of the two stands for both.
        client.Dispose();
        return user;
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(resource, permitCount));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            perUser.Dispose();
            perClient.Dispose();
        }

        base.Dispose(disposing);
    }
}
