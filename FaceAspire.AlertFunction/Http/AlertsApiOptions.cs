using Microsoft.Extensions.Options;

namespace FaceAspire.AlertFunction.Http;

/// <summary>Settings of the HTTP host, section <c>AlertFunction</c>.</summary>
public sealed class AlertsApiOptions
{
    /// <summary>
    /// Shared secret callers send in <c>X-FaceAspire-Alert-Key</c>. Required outside Development, so that
    /// nobody who can reach the port can make the function send mail.
    /// </summary>
    public string? ApiKey { get; set; }
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
                : ValidateOptionsResult.Fail("AlertFunction:ApiKey is required outside Development (callers send it in X-FaceAspire-Alert-Key).");
        }

        return options.ApiKey.Length >= MinimumKeyLength
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"AlertFunction:ApiKey must be at least {MinimumKeyLength} characters.");
    }
}
