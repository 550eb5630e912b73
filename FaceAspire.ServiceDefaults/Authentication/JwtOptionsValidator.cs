using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FaceAspire.ServiceDefaults.Authentication;

/// <summary>Refuses to start a non-Development service without a usable signing key.</summary>
internal sealed class JwtOptionsValidator(IHostEnvironment environment) : IValidateOptions<JwtOptions>
{
    public const string MissingKeyMessage =
        "Jwt:SigningKey is missing or shorter than 32 bytes. Set it (base64 of 32+ random bytes, e.g. `openssl rand -base64 48`) "
        + "through configuration or the environment variable Jwt__SigningKey. Only Development may run without one.";

    public ValidateOptionsResult Validate(string? name, JwtOptions options)
    {
        if (environment.IsDevelopment() && string.IsNullOrWhiteSpace(options.SigningKey))
        {
            return ValidateOptionsResult.Success;
        }

        return JwtSigningKeyProvider.TryDecode(options.SigningKey) is null
            ? ValidateOptionsResult.Fail(MissingKeyMessage)
            : ValidateOptionsResult.Success;
    }
}
