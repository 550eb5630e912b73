using System.ComponentModel.DataAnnotations;

namespace FaceAspire.Api.Accounts;

/// <summary>Password hashing, session and sign-in throttling settings (section <c>Accounts</c>).</summary>
public sealed class AccountOptions
{
    public const string SectionName = "Accounts";

    /// <summary>Work factor BCrypt must have in Production-like environments.</summary>
    public const int ProductionMinimumWorkFactor = 12;

    /// <summary>
    /// BCrypt cost (2^n rounds). At least <see cref="ProductionMinimumWorkFactor"/> except in the Development and
    /// Testing environments, where tests may lower it to stay fast.
    /// </summary>
    [Range(4, 31)]
    public int BcryptWorkFactor { get; set; } = ProductionMinimumWorkFactor;

    /// <summary>Idle timeout: how long a session lasts without being refreshed.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "90.00:00:00")]
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>Absolute lifetime of a session from its sign-in, however often it is refreshed.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// How long after a refresh token was exchanged it may be exchanged once more without counting as theft: two tabs
    /// of one browser refreshing at once both send the same cookie. Zero turns the grace off.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RefreshReuseGrace { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Origins besides the API's own (scheme, host and port, e.g. <c>https://faces.example.com</c>) whose pages may
    /// call the cookie routes <c>/api/auth/refresh</c> and <c>/api/auth/logout</c>; browsers that send
    /// <c>Sec-Fetch-Site: same-origin</c> pass without being listed.
    /// </summary>
    public List<string> AllowedOrigins { get; set; } = [];

    [Required]
    public SignInThrottleOptions SignInThrottle { get; set; } = new();
}

/// <summary>
/// Failed sign-ins allowed per account and per client address within <see cref="Window"/>. The failures are kept in
/// the database, so the limits hold across every API instance.
/// </summary>
public sealed class SignInThrottleOptions
{
    [Range(1, 1000)]
    public int PerAccountLimit { get; set; } = 5;

    [Range(1, 100_000)]
    public int PerClientLimit { get; set; } = 20;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);
}
