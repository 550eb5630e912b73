namespace FaceAspire.AlertFunction.Alerts;

/// <summary>What handling one message (alert or account notice) came to; the hosts translate it to HTTP statuses or SQS batch failures.</summary>
public abstract record AlertOutcome
{
    private AlertOutcome()
    {
    }

    /// <summary>True when the sender may consider the alert delivered and stop retrying.</summary>
    public abstract bool IsDelivered { get; }

    /// <summary>Every administrator was emailed by this call.</summary>
    public sealed record Sent(int Recipients) : AlertOutcome
    {
        public override bool IsDelivered => true;
    }

    /// <summary>The alert had been emailed before; nothing was sent.</summary>
    public sealed record Duplicate : AlertOutcome
    {
        public override bool IsDelivered => true;
    }

    /// <summary>An account notice whose account no longer exists: there is nobody to e-mail, and nothing to retry.</summary>
    public sealed record Skipped : AlertOutcome
    {
        public override bool IsDelivered => true;
    }

    /// <summary>Another delivery of the same alert is under way; retry after <paramref name="RetryAfter"/>.</summary>
    public sealed record InProgress(TimeSpan RetryAfter) : AlertOutcome
    {
        public override bool IsDelivered => false;
    }

    /// <summary>No administrator is configured to receive alerts (Development only); retry after <paramref name="RetryAfter"/>.</summary>
    public sealed record NoRecipients(TimeSpan RetryAfter) : AlertOutcome
    {
        public override bool IsDelivered => false;
    }

    /// <summary>The mail server failed; nothing is recorded as sent, retry after <paramref name="RetryAfter"/>.</summary>
    public sealed record MailUnavailable(TimeSpan RetryAfter, string Error) : AlertOutcome
    {
        public override bool IsDelivered => false;
    }
}
