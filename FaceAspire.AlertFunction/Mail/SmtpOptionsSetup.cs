using Microsoft.Extensions.Options;
using MimeKit;

namespace FaceAspire.AlertFunction.Mail;

/// <summary>Fills host and port from <c>ConnectionStrings:mail</c> and checks the options at start.</summary>
internal sealed class SmtpOptionsSetup(IConfiguration configuration) : IPostConfigureOptions<SmtpOptions>, IValidateOptions<SmtpOptions>
{
    /// <summary>Name of the connection string the AppHost injects for the local mail server.</summary>
    public const string ConnectionStringName = "mail";

    private bool _invalidConnectionString;

    public void PostConfigure(string? name, SmtpOptions options)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        if (!string.IsNullOrWhiteSpace(options.Host) || string.IsNullOrWhiteSpace(connectionString))
        {
            return;
        }

        // Aspire writes either a bare URI or "Endpoint=smtp://host:port".
        const string endpointPrefix = "Endpoint=";
        var text = connectionString.StartsWith(endpointPrefix, StringComparison.OrdinalIgnoreCase)
            ? connectionString[endpointPrefix.Length..]
            : connectionString;
        if (Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "smtp" or "smtps" && uri.Host.Length > 0)
        {
            options.Host = uri.Host;
            options.Port = uri.IsDefaultPort || uri.Port < 0 ? (uri.Scheme == "smtps" ? 465 : 25) : uri.Port;
            options.Security = uri.Scheme == "smtps" ? SmtpSecurity.SslOnConnect : SmtpSecurity.None;
        }
        else
        {
            // Left for Validate to report: an unparsable connection string must not be ignored silently.
            options.Host = null;
            _invalidConnectionString = true;
        }
    }

    public ValidateOptionsResult Validate(string? name, SmtpOptions options)
    {
        var failures = new List<string>();
        if (_invalidConnectionString)
        {
            failures.Add($"ConnectionStrings:{ConnectionStringName} must look like smtp://host:port.");
        }

        if (!string.IsNullOrWhiteSpace(options.From) && !MailboxAddress.TryParse(options.From, out _))
        {
            failures.Add($"Smtp:From '{options.From}' is not an email address.");
        }

        if (!string.IsNullOrEmpty(options.Username) && string.IsNullOrEmpty(options.Password))
        {
            failures.Add("Smtp:Password is required when Smtp:Username is set.");
        }

        if (!Enum.IsDefined(options.Security))
        {
            failures.Add("Smtp:Security must be None, StartTls or SslOnConnect.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
