namespace FaceAspire.Api.Alerts;

/// <summary>
/// A low-confidence alert waiting to be delivered to the alert function. Written in the transaction that stores the
/// analysis result, so an alert exists exactly when the result does; the dispatcher delivers it at least once and
/// the function deduplicates by <see cref="Id"/>.
/// </summary>
public sealed class AlertOutboxEntry
{
    /// <summary>The alert id sent to the function (its idempotency key).</summary>
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid PhotoId { get; init; }

    public Guid ReviewId { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public int Attempts { get; set; }

    /// <summary>Not tried again before this time (exponential back-off).</summary>
    public DateTimeOffset NextAttemptAt { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    public string? LastError { get; set; }

    /// <summary>W3C <c>traceparent</c> of the analysis that flagged the photo: the delivery continues its trace.</summary>
    public string? TraceParent { get; set; }
}
