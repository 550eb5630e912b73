namespace FaceAspire.Api.Reviews;

/// <summary>A review item in the admin queue.</summary>
/// <param name="Id">The review item.</param>
/// <param name="PhotoId">The photo under review.</param>
/// <param name="OwnerEmail">Who uploaded it.</param>
/// <param name="Reason"><c>NoFace</c> or <c>LowConfidence</c>.</param>
/// <param name="BestConfidence">Highest face confidence (0-100); null when no face was found.</param>
/// <param name="FaceCount">Faces found.</param>
/// <param name="CreatedAt">When the analysis flagged it.</param>
/// <param name="Status">open, reviewed or dismissed.</param>
public sealed record ReviewItemResponse(
    Guid Id, Guid PhotoId, string OwnerEmail, string Reason, float? BestConfidence, int FaceCount, DateTimeOffset CreatedAt, string Status);

/// <summary>One entry of the audit trail.</summary>
public sealed record ReviewAuditResponse(DateTimeOffset At, string ActorEmail, string Action, string? Comment);

/// <summary>A review item with its audit trail, oldest entry first.</summary>
public sealed record ReviewDetailResponse(
    Guid Id, Guid PhotoId, string OwnerEmail, string Reason, float? BestConfidence, int FaceCount, DateTimeOffset CreatedAt, string Status,
    IReadOnlyList<ReviewAuditResponse> Audit);

/// <summary>Body of <c>POST /api/admin/reviews/{id}/decision</c>.</summary>
/// <param name="Decision"><c>reviewed</c> or <c>dismissed</c>.</param>
/// <param name="Comment">Optional note kept in the audit trail (at most 2000 characters).</param>
public sealed record ReviewDecisionRequest(string? Decision, string? Comment);
