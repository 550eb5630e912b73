using System.ComponentModel.DataAnnotations;

namespace FaceAspire.AlertFunction.Mail;

/// <summary>How the connection to the SMTP server is secured.</summary>
public enum SmtpSecurity
{
    /// <summary>Plain SMTP (local development servers only).</summary>
    None,

    /// <summary>Upgrade with STARTTLS, required (Amazon SES SMTP on port 587).</summary>
    StartTls,

    /// <summary>TLS from the first byte (port 465).</summary>
    SslOnConnect,
}

/// <summary>
/// The outgoing mail server, section <c>Smtp</c>. When <c>Smtp:Host</c> is not set, an Aspire-style
/// connection string <c>ConnectionStrings:mail</c> = <c>smtp://host:port</c> supplies host and port.
/// </summary>
public sealed class SmtpOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Smtp";

    /// <summary>Server host name, for example <c>email-smtp.eu-west-1.amazonaws.com</c>.</summary>
    [Required(ErrorMessage = "Smtp:Host (or ConnectionStrings:mail = smtp://host:port) is required.")]
    public string? Host { get; set; }

    /// <summary>Server port; 587 by default (SES with STARTTLS).</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    /// <summary>Transport security; STARTTLS by default.</summary>
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    /// <summary>SMTP user name (the SES SMTP credentials); no authentication when empty.</summary>
    public string? Username { get; set; }

    /// <summary>SMTP password.</summary>
    public string? Password { get; set; }

    /// <summary>Sender address, for example <c>FaceAspire alerts &lt;alerts@example.com&gt;</c>; SES requires a verified identity.</summary>
    [Required(ErrorMessage = "Smtp:From is required.")]
    public string? From { get; set; }

    /// <summary>Timeout of each SMTP operation.</summary>
    [Range(1, 300)]
    public int TimeoutSeconds { get; set; } = 30;
}
