namespace FaceAspire.Api.Alerts;

/// <summary>What an <see cref="AlertOutboxEntry"/> asks the alert function to e-mail.</summary>
public static class AlertKinds
{
    /// <summary>A photo flagged for review: the administrators of the function's own configuration are e-mailed.</summary>
    public const string ReviewAlert = "review-alert";

    /// <summary>An account notice: a new account was created (sent to that account's own address).</summary>
    public const string Welcome = "welcome";

    /// <summary>An account notice: someone tried to register an address that already has an account (sent to its owner).</summary>
    public const string RegistrationAttempt = "registration-attempt";
}

/// <summary>
/// A message waiting to be delivered to the alert function: a low-confidence alert (<see cref="AlertKinds.ReviewAlert"/>,
/// written in the transaction that stores the analysis result, so an alert exists exactly when the result does) or an
/// account notice (written by the statement that registers, so a notice exists exactly when the registration attempt
/// did). The dispatcher delivers it at least once and the function deduplicates by <see cref="Id"/>.
/// </summary>
public sealed class AlertOutboxEntry
{
    /// <summary>The id sent to the function (its idempotency key).</summary>
    public Guid Id { get; init; } = Guid.CreateVersion7();

    /// <summary>One of <see cref="AlertKinds"/>.</summary>
    public string Kind { get; init; } = AlertKinds.ReviewAlert;

    /// <summary>The flagged photo (review alerts only).</summary>
    public Guid? PhotoId { get; init; }

    /// <summary>The photo's review item (review alerts only).</summary>
    public Guid? ReviewId { get; init; }

    /// <summary>
    /// The account an account notice is about (account notices only). Only the id leaves the API: the function looks
    /// the address up itself.
    /// </summary>
    public Guid? UserId { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public int Attempts { get; set; }

    /// <summary>Not tried again before this time (exponential back-off).</summary>
    public DateTimeOffset NextAttemptAt { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    public string? LastError { get; set; }

    /// <summary>W3C <c>traceparent</c> of the work that wrote the row: the delivery continues its trace.</summary>
    public string? TraceParent { get; set; }
}
