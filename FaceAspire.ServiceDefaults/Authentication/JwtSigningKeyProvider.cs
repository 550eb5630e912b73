using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace FaceAspire.ServiceDefaults.Authentication;

/// <summary>
/// Resolves the HMAC key once per process: the configured <c>Jwt:SigningKey</c>, or in Development only a random
/// key (tokens then die with the process, which is acceptable on a developer machine and nowhere else).
/// </summary>
public sealed class JwtSigningKeyProvider
{
    /// <summary>Fewest key bytes accepted: HS256 wants a key at least as long as its output.</summary>
    public const int MinimumKeyBytes = 32;

    private readonly Lazy<SymmetricSecurityKey> _key;

    /// <summary>Creates the provider; the key is read on first use.</summary>
    public JwtSigningKeyProvider(IOptions<JwtOptions> options, IHostEnvironment environment, ILogger<JwtSigningKeyProvider> logger)
    {
        _key = new Lazy<SymmetricSecurityKey>(() => Resolve(options.Value.SigningKey, environment, logger));
    }

    /// <summary>The key that signs and validates access tokens.</summary>
    public SymmetricSecurityKey Key => _key.Value;

    /// <summary>Decodes a configured key; null when it is missing or too short.</summary>
    public static byte[]? TryDecode(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            return null;
        }

        var bytes = TryBase64(configured) ?? Encoding.UTF8.GetBytes(configured);
        return bytes.Length >= MinimumKeyBytes ? bytes : null;
    }

    private static byte[]? TryBase64(string value)
    {
        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value, buffer, out var written) && written >= MinimumKeyBytes
            ? buffer[..written]
            : null;
    }

    private static SymmetricSecurityKey Resolve(string? configured, IHostEnvironment environment, ILogger logger)
    {
        var bytes = TryDecode(configured);
        if (bytes is null)
        {
            if (!environment.IsDevelopment())
            {
                throw new InvalidOperationException(JwtOptionsValidator.MissingKeyMessage);
            }

            logger.LogWarning("Jwt:SigningKey is not set: using a random key for this process; tokens will not survive a restart.");
            bytes = RandomNumberGenerator.GetBytes(64);
        }

        return new SymmetricSecurityKey(bytes) { KeyId = Convert.ToHexStringLower(SHA256.HashData(bytes))[..16] };
    }
}
