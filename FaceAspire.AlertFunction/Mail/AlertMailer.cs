using System.Diagnostics;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace FaceAspire.AlertFunction.Mail;

/// <summary>Sends alert and account-notice e-mails over SMTP with MailKit, one message per recipient on one connection.</summary>
public sealed class AlertMailer(IOptions<SmtpOptions> options, ILogger<AlertMailer> logger)
{
    /// <summary>Activity source of the SMTP spans (ServiceDefaults exports every <c>FaceAspire.*</c> source).</summary>
    public const string ActivitySourceName = "FaceAspire.AlertFunction";

    private static readonly ActivitySource Source = new(ActivitySourceName);

    /// <summary>
    /// Emails one message (<paramref name="compose"/> writes it from the sender to each recipient) to each of
    /// <paramref name="recipients"/>, calling <paramref name="onDelivered"/> after the server accepted each message.
    /// Throws on the first failure; <see cref="IsMailFailure"/> tells mail-server failures (worth a retry) from bugs.
    /// </summary>
    public async Task SendAsync(
        Guid messageId,
        IReadOnlyList<MailboxAddress> recipients,
        Func<MailboxAddress, MailboxAddress, MimeMessage> compose,
        Func<MailboxAddress, CancellationToken, Task> onDelivered,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(compose);
        ArgumentNullException.ThrowIfNull(onDelivered);
        var settings = options.Value;
        // Validated at start: host and sender are present, and a user name comes with a password.
        var from = MailboxAddress.Parse(settings.From!);
        using var span = Source.StartActivity("smtp send", ActivityKind.Client);
        span?.SetTag("server.address", settings.Host).SetTag("server.port", settings.Port)
            .SetTag("faceaspire.alert.id", messageId).SetTag("faceaspire.alert.recipients", recipients.Count);
        using var client = new SmtpClient { Timeout = settings.TimeoutSeconds * 1000 };
        await client.ConnectAsync(settings.Host!, settings.Port, ToSocketOptions(settings.Security), cancellationToken).ConfigureAwait(false);
        if (!string.IsNullOrEmpty(settings.Username))
        {
            await client.AuthenticateAsync(settings.Username, settings.Password ?? string.Empty, cancellationToken).ConfigureAwait(false);
        }

        foreach (var recipient in recipients)
        {
            using var message = compose(from, recipient);
            await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
            await onDelivered(recipient, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await client.DisconnectAsync(quit: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (IsMailFailure(exception))
        {
            // Every message was accepted already; a failed QUIT changes nothing for the delivery.
            logger.LogDebug(exception, "SMTP disconnect failed after message {AlertId} was sent", messageId);
        }
    }

    /// <summary>True for failures of the mail server or the network, which a later retry may not meet.</summary>
    public static bool IsMailFailure(Exception exception) => exception is
        SmtpCommandException or SmtpProtocolException or ServiceNotConnectedException or ServiceNotAuthenticatedException
        or AuthenticationException or SslHandshakeException or SocketException or IOException or TimeoutException;

    private static SecureSocketOptions ToSocketOptions(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.StartTls,
    };
}
