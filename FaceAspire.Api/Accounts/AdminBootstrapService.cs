using Microsoft.Extensions.Options;

namespace FaceAspire.Api.Accounts;

/// <summary>
/// On start, creates the administrator <c>Admin:Email</c> with <c>Admin:Password</c>. An existing account of that
/// address is never promoted here (it is refused with a log line): that needs <c>create-admin --promote</c>.
/// </summary>
internal sealed partial class AdminBootstrapService(
    IServiceScopeFactory scopes,
    IOptions<AdminOptions> options,
    ILogger<AdminBootstrapService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.Email))
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var admins = scope.ServiceProvider.GetRequiredService<AdminAccounts>();
        try
        {
            var outcome = await admins.CreateAdminAsync(settings.Email, settings.Password, cancellationToken);
            LogOutcome(logger, EmailAddress.Normalize(settings.Email), outcome);
        }
        catch (InvalidOperationException ex)
        {
            // The API still serves: refusing to start would let anyone who registers the address block the service.
            LogRefused(logger, ex.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Administrator {Email}: {Outcome}")]
    private static partial void LogOutcome(ILogger logger, string email, AdminOutcome outcome);

    [LoggerMessage(Level = LogLevel.Error, Message = "Admin:Email not applied: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);
}
