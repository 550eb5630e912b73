using System.ComponentModel.DataAnnotations;

namespace FaceAspire.ServiceDefaults.Authentication;

/// <summary>
/// Settings of the access tokens the API issues and every service validates (section <c>Jwt</c>).
/// </summary>
public sealed class JwtOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Jwt";

    /// <summary>
    /// HMAC key: base64 of at least 32 bytes, or a plain string of at least 32 UTF-8 bytes. Required outside
    /// Development; in Development a random key is generated per process when it is missing.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>The <c>iss</c> claim written and required.</summary>
    [Required]
    public string Issuer { get; set; } = "faceaspire";

    /// <summary>The <c>aud</c> claim written and required.</summary>
    [Required]
    public string Audience { get; set; } = "faceaspire-api";

    /// <summary>Lifetime of an access token.</summary>
    [Range(typeof(TimeSpan), "00:00:30", "01:00:00")]
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Tolerated clock difference between issuer and validator.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);
}
