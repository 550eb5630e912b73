namespace FaceAspire.Api.Analysis;

/// <summary>Where an analysis stands; stored as these lower-case strings and shown to clients as is.</summary>
public static class AnalysisStatus
{
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
}

/// <summary>
/// The durable analysis of one photo: created in the transaction that stores the photo, claimed by a worker under a
/// lease, retried a bounded number of times. Re-analysis resets this row rather than adding another, so a photo has
/// exactly one current analysis.
/// </summary>
public sealed class AnalysisJob
{
    public Guid PhotoId { get; init; }

    public string Status { get; set; } = AnalysisStatus.Pending;

    /// <summary>Claims so far, including one that is running now.</summary>
    public int Attempts { get; set; }

    public DateTimeOffset RequestedAt { get; set; }

    /// <summary>Not claimed before this time: the back-off after a failed attempt.</summary>
    public DateTimeOffset AvailableAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>A running job whose lease has passed is considered abandoned (its worker died) and is claimed again.</summary>
    public DateTimeOffset? LeaseUntil { get; set; }

    /// <summary>Identifies the claim; only the holder of the current claim may complete the job.</summary>
    public Guid? LeaseToken { get; set; }

    /// <summary>Why the analysis failed, in words meant for the photo's owner.</summary>
    public string? Error { get; set; }

    public string? EngineVersion { get; set; }

    /// <summary>Object key of the stored <c>{"FaceDetails":[...]}</c> result.</summary>
    public string? ResultKey { get; set; }

    public int? FaceCount { get; set; }

    /// <summary>Highest face confidence (0-100), null when no face was found.</summary>
    public float? BestConfidence { get; set; }

    /// <summary>W3C <c>traceparent</c> of the request that queued the job: the analysis continues its trace.</summary>
    public string? TraceParent { get; set; }

    /// <summary>The API instance (host and process) whose worker stored the result.</summary>
    public string? CompletedBy { get; set; }
}
