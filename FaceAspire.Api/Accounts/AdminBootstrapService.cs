using Microsoft.Extensions.Options;

namespace FaceAspire.Api.Accounts;

/// <summary>On start, makes <c>Admin:Email</c> an administrator (creating it with <c>Admin:Password</c> if needed).</summary>
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
        var outcome = await admins.EnsureAdminAsync(settings.Email, settings.Password, cancellationToken);
        LogOutcome(logger, EmailAddress.Normalize(settings.Email), outcome);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Administrator {Email}: {Outcome}")]
    private static partial void LogOutcome(ILogger logger, string email, AdminOutcome outcome);
}
