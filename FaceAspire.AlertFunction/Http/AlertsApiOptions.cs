using Microsoft.Extensions.Options;

namespace FaceAspire.AlertFunction.Http;

/// <summary>Settings of the HTTP host, section <c>AlertFunction</c>.</summary>
public sealed class AlertsApiOptions
{
    /// <summary>
    /// Shared secret with which callers sign each request (HMAC-SHA256, <see cref="Contracts.AlertSignature"/>). Required
    /// outside Development, so that nobody who can reach the port can make the function send mail.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>How far a request's timestamp may be from the function's clock; its nonce is remembered for twice this.</summary>
    public int SignatureWindowSeconds { get; set; } = 300;
}

/// <summary>Refuses to start without an API key, except in Development.</summary>
internal sealed class AlertsApiOptionsValidator(IHostEnvironment environment) : IValidateOptions<AlertsApiOptions>
{
    /// <summary>Shortest key accepted: anything shorter is guessable.</summary>
    public const int MinimumKeyLength = 16;

    public ValidateOptionsResult Validate(string? name, AlertsApiOptions options)
    {
        if (string.IsNullOrEmpty(options.ApiKey))
        {
            return environment.IsDevelopment()
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail("AlertFunction:ApiKey is required outside Development (callers sign each request with it).");
        }

        if (options.SignatureWindowSeconds is < 5 or > 3600)
        {
            return ValidateOptionsResult.Fail("AlertFunction:SignatureWindowSeconds must be between 5 and 3600.");
        }

        return options.ApiKey.Length >= MinimumKeyLength
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"AlertFunction:ApiKey must be at least {MinimumKeyLength} characters.");
    }
}
