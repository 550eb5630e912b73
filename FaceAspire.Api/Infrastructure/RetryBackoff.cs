namespace FaceAspire.Api.Infrastructure;

/// <summary>The retry schedule of the API's outboxes and jobs: a first delay, doubled after each failure, capped.</summary>
public static class RetryBackoff
{
    /// <summary>Delay after the <paramref name="failures"/>-th failed attempt (1 = the first failure).</summary>
    public static TimeSpan After(int failures, TimeSpan first, TimeSpan max)
    {
        var delay = first * Math.Pow(2, Math.Clamp(failures - 1, 0, 20));
        return delay < max ? delay : max;
    }
}
