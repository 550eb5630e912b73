using System.ComponentModel.DataAnnotations;

namespace FaceAspire.Api.Privacy;

/// <summary>Retention and upkeep of personal data (section <c>Privacy</c>).</summary>
public sealed class PrivacyOptions
{
    public const string SectionName = "Privacy";

    /// <summary>
    /// Originals older than this many days are deleted; the display image, thumbnail and analysis results stay.
    /// 0 (the default) keeps originals as long as their photo.
    /// </summary>
    [Range(0, 36500)]
    public int OriginalRetentionDays { get; set; }

    /// <summary>Expired refresh tokens and delivered alert outbox rows are deleted this long after they ended.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00")]
    public TimeSpan PurgeAfter { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// A stored object without a photo row is deleted only once its photo id is older than this: an upload writes its
    /// objects before its rows commit, so a younger object may still be getting its row.
    /// </summary>
    [Range(typeof(TimeSpan), "00:10:00", "3650.00:00:00")]
    public TimeSpan OrphanMinAge { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How often the upkeep (retention, purges, orphan sweep) runs.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan UpkeepInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Run the upkeep in this instance (several may: rows are claimed with <c>FOR UPDATE SKIP LOCKED</c>).</summary>
    public bool UpkeepEnabled { get; set; } = true;
}
