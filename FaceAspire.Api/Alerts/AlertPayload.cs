using System.Text.Json;

namespace FaceAspire.Api.Alerts;

/// <summary>
/// A low-confidence alert as sent to the alert function: the <c>AlertMessage</c> contract of FaceAspire.AlertFunction
/// (camelCase JSON, see docs/ALERTS.md). Declared here rather than referenced, because the function is deployed on its
/// own. It names no recipient: the function e-mails the administrators of its own configuration.
/// </summary>
public sealed record AlertPayload(
    Guid AlertId,
    Guid PhotoId,
    string OwnerId,
    string OwnerEmail,
    double? BestConfidence,
    int FaceCount,
    string Reason,
    DateTimeOffset CreatedAt,
    Uri ReviewUrl,
    string? ThumbnailJpegBase64)
{
    public string Kind => AlertFunctionMessage.ReviewAlertKind;
}

/// <summary>
/// An account notice as sent to the alert function: the <c>AccountNoticeMessage</c> contract of FaceAspire.AlertFunction.
/// It carries the account's id and no e-mail address: the function looks the address up itself.
/// </summary>
/// <param name="NoticeId">The outbox row's id (the function's idempotency key).</param>
/// <param name="Notice"><see cref="AlertKinds.Welcome"/> or <see cref="AlertKinds.RegistrationAttempt"/>.</param>
/// <param name="AccountId">The account to tell.</param>
/// <param name="CreatedAt">When the registration (attempt) happened.</param>
public sealed record AccountNoticePayload(Guid NoticeId, string Notice, Guid AccountId, DateTimeOffset CreatedAt)
{
    public string Kind => AlertFunctionMessage.AccountNoticeKind;
}

/// <summary>
/// One message for the alert function, serialized once: the same JSON body goes to <c>POST /alerts</c>, into the SQS
/// message and into the SNS message (whose attribute <c>kind</c> repeats <see cref="Kind"/> for the subscription filter).
/// </summary>
public sealed record AlertFunctionMessage(Guid Id, string Kind, string Json)
{
    /// <summary>The body's <c>kind</c> of a low-confidence alert.</summary>
    public const string ReviewAlertKind = "review-alert";

    /// <summary>The body's <c>kind</c> of an account notice.</summary>
    public const string AccountNoticeKind = "account-notice";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static AlertFunctionMessage For(AlertPayload alert) =>
        new(alert.AlertId, ReviewAlertKind, JsonSerializer.Serialize(alert, Options));

    public static AlertFunctionMessage For(AccountNoticePayload notice) =>
        new(notice.NoticeId, AccountNoticeKind, JsonSerializer.Serialize(notice, Options));
}

/// <summary>Hands one message to the alert function; returns only once the function (or the queue) has acknowledged it.</summary>
public interface IAlertSender
{
    /// <exception cref="AlertDeliveryException">The message was not acknowledged; it will be retried.</exception>
    Task SendAsync(AlertFunctionMessage message, CancellationToken cancellationToken);
}

/// <summary>A delivery attempt that was not acknowledged.</summary>
public sealed class AlertDeliveryException(string message, Exception? inner = null) : Exception(message, inner);
