using System.ComponentModel.DataAnnotations;

namespace FaceAspire.AlertFunction.Alerts;

/// <summary>Delivery settings shared by both hosts, section <c>AlertFunction</c>.</summary>
public sealed class AlertHandlerOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "AlertFunction";

    /// <summary>
    /// How long one delivery owns an alert. It must outlast the slowest send (and, on Lambda, the function
    /// timeout): a crash mid-send leaves the alert locked this long, then it is retried.
    /// </summary>
    [Range(5, 3600)]
    public int LeaseSeconds { get; set; } = 120;

    /// <summary>
    /// The web app's public address: an alert's review link must lie under it, so an alert cannot carry a link elsewhere.
    /// Required outside Development.
    /// </summary>
    public Uri? PublicBaseUrl { get; set; }

    /// <summary>
    /// The administrators every alert is e-mailed to. Only this configuration says who gets mail, never the message.
    /// Required outside Development; without any, alerts are refused with 503 and stay with the sender.
    /// </summary>
    public List<string> Recipients { get; set; } = [];

    /// <summary>
    /// How long the record of a sent alert (who it reached) is kept: long enough to recognise any retry of it (the API
    /// stops retrying once it is delivered), then deleted with the addresses in it.
    /// </summary>
    [Range(1, 3650)]
    public int DeliveryRecordDays { get; set; } = 30;

    /// <summary>Retry-After given to the sender when the mail server failed.</summary>
    [Range(1, 3600)]
    public int MailRetryAfterSeconds { get; set; } = 30;
}
