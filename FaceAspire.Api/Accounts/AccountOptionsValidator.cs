using Microsoft.Extensions.Options;

namespace FaceAspire.Api.Accounts;

/// <summary>Keeps a lowered BCrypt work factor out of anything but Development and Testing.</summary>
internal sealed class AccountOptionsValidator(IHostEnvironment environment) : IValidateOptions<AccountOptions>
{
    public ValidateOptionsResult Validate(string? name, AccountOptions options)
    {
        var relaxed = environment.IsDevelopment() || environment.IsEnvironment("Testing");
        return relaxed || options.BcryptWorkFactor >= AccountOptions.ProductionMinimumWorkFactor
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"Accounts:BcryptWorkFactor is {options.BcryptWorkFactor}; at least {AccountOptions.ProductionMinimumWorkFactor} is required in {environment.EnvironmentName}.");
    }
}
