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

    /// <summary>
    /// At most one "someone tried to register your address" e-mail per account within this time, however often the
    /// address is registered again (the registration still answers 202 the same way).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan RegistrationNoticeInterval { get; set; } = TimeSpan.FromHours(1);

    [Required]
    public SignInThrottleOptions SignInThrottle { get; set; } = new();
}

/// <summary>
/// Growing delays after failed sign-ins (see <see cref="SignInThrottle"/>). The failures are kept in the database, so
/// the delays hold across every API instance.
/// </summary>
public sealed class SignInThrottleOptions
{
    /// <summary>Failures of one account from one client address before delays start.</summary>
    [Range(1, 100_000)]
    public int FreeFailures { get; set; } = 3;

    /// <summary>The first delay; each further failure doubles it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest delay of one account from one address.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan MaxPairDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Failures of one account from all addresses together before its (capped) delays start.</summary>
    [Range(1, 100_000)]
    public int AccountFreeFailures { get; set; } = 10;

    /// <summary>
    /// The longest delay of an account from all addresses together: short, so an attacker elsewhere only slows the
    /// owner down and never locks the owner out.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan MaxAccountDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Failures allowed per client address across all accounts within <see cref="Window"/> (then 429).</summary>
    [Range(1, 100_000)]
    public int PerClientLimit { get; set; } = 20;

    /// <summary>How long a failure counts.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);
}
