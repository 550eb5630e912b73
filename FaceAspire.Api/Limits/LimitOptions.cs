using System.ComponentModel.DataAnnotations;

namespace FaceAspire.Api.Limits;

/// <summary>How many requests of one kind a user, and a client address, may make per window. 0 switches a limit off.</summary>
public sealed class RateLimitRule
{
    [Range(0, 1_000_000)]
    public int PerUser { get; set; }

    [Range(0, 1_000_000)]
    public int PerClient { get; set; }

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    internal bool IsValid => PerUser >= 0 && PerClient >= 0 && Window >= TimeSpan.FromSeconds(1) && Window <= TimeSpan.FromDays(1);
}

/// <summary>Request rate limits (section <c>RateLimits</c>), one rule per <see cref="RateLimitPolicies"/> name.</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    /// <summary><c>POST /api/auth/register</c>: accounts created from one address.</summary>
    public RateLimitRule Register { get; set; } = new() { PerClient = 20, Window = TimeSpan.FromHours(1) };

    /// <summary><c>POST /api/auth/login</c> and <c>/refresh</c> (the sign-in throttle counts wrong passwords besides).</summary>
    public RateLimitRule SignIn { get; set; } = new() { PerClient = 60 };

    /// <summary>Uploads and re-analysis requests: each starts work for the analysis workers.</summary>
    public RateLimitRule Uploads { get; set; } = new() { PerUser = 60, PerClient = 120 };

    /// <summary>Compare and face search: each runs the face engine or scans the user's faces.</summary>
    public RateLimitRule Searches { get; set; } = new() { PerUser = 120, PerClient = 240 };

    /// <summary>Requests to the Rekognition-compatible API (<c>POST /</c> signed with an access key), every operation.</summary>
    public RateLimitRule Rekognition { get; set; } = new() { PerUser = 120, PerClient = 240 };

    internal RateLimitRule Rule(string policy) => policy switch
    {
        RateLimitPolicies.Register => Register,
        RateLimitPolicies.SignIn => SignIn,
        RateLimitPolicies.Uploads => Uploads,
        RateLimitPolicies.Searches => Searches,
        RateLimitPolicies.Rekognition => Rekognition,
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "Unknown rate limit policy."),
    };
}

/// <summary>What one user may keep and queue (section <c>Quotas</c>). 0 switches a quota off.</summary>
public sealed class QuotaOptions
{
    public const string SectionName = "Quotas";

    /// <summary>Bytes of original photos one user may store; an upload beyond it is 413.</summary>
    [Range(0, long.MaxValue)]
    public long StorageBytesPerUser { get; set; } = 5L * 1024 * 1024 * 1024;

    /// <summary>Analyses of one user waiting or running at once; an upload or re-analysis beyond it is 429.</summary>
    [Range(0, 1_000_000)]
    public int QueuedAnalysesPerUser { get; set; } = 200;

    /// <summary>The <c>Retry-After</c> sent with a 429 for a full queue: about when some of it will have been analysed.</summary>
    [Range(1, 3600)]
    public int QueueRetryAfterSeconds { get; set; } = 30;
}
