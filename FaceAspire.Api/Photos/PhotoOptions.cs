using System.ComponentModel.DataAnnotations;

namespace FaceAspire.Api.Photos;

/// <summary>Upload limits (section <c>Photos</c>).</summary>
public sealed class PhotoOptions
{
    public const string SectionName = "Photos";

    /// <summary>Largest accepted file; a larger part or body is answered with 413.</summary>
    [Range(1, 1L << 30)]
    public long MaxFileBytes { get; set; } = 15 * 1024 * 1024;

    [Range(1, 100)]
    public int MaxFilesPerRequest { get; set; } = 10;

    /// <summary>How long an upload's <c>Idempotency-Key</c> is remembered; a retry after that uploads again.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan IdempotencyKeyLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Largest request body: every file at its limit plus room for the multipart framing.</summary>
    public long MaxRequestBytes => (MaxFileBytes * MaxFilesPerRequest) + (64 * 1024);
}
