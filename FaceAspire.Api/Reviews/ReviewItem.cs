namespace FaceAspire.Api.Reviews;

/// <summary>Statuses of a review item, stored and shown as these strings.</summary>
public static class ReviewStatus
{
    public const string Open = "open";
    public const string Reviewed = "reviewed";
    public const string Dismissed = "dismissed";
}

/// <summary>A photo whose analysis an administrator should look at (no face reached the confidence threshold).</summary>
public sealed class ReviewItem
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid PhotoId { get; init; }

    public Guid OwnerId { get; init; }

    /// <summary><c>NoFace</c> or <c>LowConfidence</c>.</summary>
    public required string Reason { get; init; }

    public float? BestConfidence { get; init; }

    public int FaceCount { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public string Status { get; set; } = ReviewStatus.Open;
}

/// <summary>One entry of a review's audit trail: who did what, when, and why.</summary>
public sealed class ReviewAuditEntry
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid ReviewId { get; init; }

    public DateTimeOffset At { get; init; }

    /// <summary>The administrator, or null for the system (the entry that opened the item).</summary>
    public Guid? ActorId { get; init; }

    /// <summary>
    /// Kept as written at the time, so the trail survives a later change of the address; when the account is deleted,
    /// its entries stay with "deleted account" here and no actor id (<c>DELETE /api/me</c> keeps no personal data).
    /// </summary>
    public required string ActorEmail { get; init; }

    public required string Action { get; init; }

    public string? Comment { get; init; }
}
