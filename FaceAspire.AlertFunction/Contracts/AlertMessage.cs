namespace FaceAspire.AlertFunction.Contracts;

/// <summary>
/// One low-confidence alert, as the API's outbox dispatcher sends it (HTTP body of <c>POST /alerts</c>,
/// or the body of an SQS message for the Lambda host). JSON, camelCase. See docs/ALERTS.md. Who is e-mailed is never
/// the message's to say: the function mails the administrators of its own configuration (<c>AlertFunction:Recipients</c>).
/// </summary>
/// <param name="AlertId">Idempotency key: the same alert sent twice is emailed once.</param>
/// <param name="PhotoId">The analysed photo.</param>
/// <param name="OwnerId">Account id of the user who uploaded the photo.</param>
/// <param name="OwnerEmail">That user's email address.</param>
/// <param name="BestConfidence">Highest face confidence in percent (0-100); null when no face was found.</param>
/// <param name="FaceCount">Number of faces detected (0 when none).</param>
/// <param name="Reason">Why the photo was flagged, for example <c>NoFace</c> or <c>LowConfidence</c>.</param>
/// <param name="CreatedAt">When the API recorded the alert.</param>
/// <param name="ReviewUrl">Absolute http(s) link to the admin review page of the photo.</param>
/// <param name="ThumbnailJpegBase64">Optional small JPEG of the photo (at most 64 KiB decoded), base64.</param>
/// <param name="Kind"><c>review-alert</c>, or absent.</param>
public sealed record AlertMessage(
    Guid AlertId,
    Guid PhotoId,
    string OwnerId,
    string OwnerEmail,
    double? BestConfidence,
    int FaceCount,
    string Reason,
    DateTimeOffset CreatedAt,
    Uri ReviewUrl,
    string? ThumbnailJpegBase64 = null,
    string? Kind = AlertMessage.MessageKind)
{
    /// <summary>The body's <c>kind</c> of a low-confidence alert (a body without <c>kind</c> is one too).</summary>
    public const string MessageKind = "review-alert";
}
