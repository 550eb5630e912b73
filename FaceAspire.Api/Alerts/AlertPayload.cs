namespace FaceAspire.Api.Alerts;

/// <summary>
/// The alert as sent to the alert function: the <c>AlertMessage</c> contract of FaceAspire.AlertFunction (camelCase
/// JSON, see docs/ALERTS.md). Declared here rather than referenced, because the function is deployed on its own.
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
    IReadOnlyList<string> Recipients,
    string? ThumbnailJpegBase64);

/// <summary>Hands one alert to the alert function; returns only once the function (or the queue) has acknowledged it.</summary>
public interface IAlertSender
{
    /// <exception cref="AlertDeliveryException">The alert was not acknowledged; it will be retried.</exception>
    Task SendAsync(AlertPayload alert, CancellationToken cancellationToken);
}

/// <summary>A delivery attempt that was not acknowledged.</summary>
public sealed class AlertDeliveryException(string message, Exception? inner = null) : Exception(message, inner);
