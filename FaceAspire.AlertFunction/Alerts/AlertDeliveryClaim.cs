namespace FaceAspire.AlertFunction.Alerts;

/// <summary>What claiming an alert in the delivery log returned.</summary>
public abstract record AlertDeliveryClaim
{
    private AlertDeliveryClaim()
    {
    }

    /// <summary>This caller holds the lease and must send to everyone not in <paramref name="DeliveredTo"/>.</summary>
    public sealed record Acquired(Guid LeaseToken, IReadOnlySet<string> DeliveredTo) : AlertDeliveryClaim;

    /// <summary>The alert was already emailed: acknowledge without sending.</summary>
    public sealed record AlreadySent : AlertDeliveryClaim;

    /// <summary>Another delivery holds a live lease; ask the sender to retry after <paramref name="RetryAfter"/>.</summary>
    public sealed record HeldElsewhere(TimeSpan RetryAfter) : AlertDeliveryClaim;
}
