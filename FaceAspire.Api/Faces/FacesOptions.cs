using System.ComponentModel.DataAnnotations;

namespace FaceAspire.Api.Faces;

/// <summary>Face search and people settings (section <c>Faces</c>).</summary>
public sealed class FacesOptions
{
    public const string SectionName = "Faces";

    /// <summary>Owners whose face index this instance keeps in memory at once; the least recently searched go first.</summary>
    [Range(1, 100_000)]
    public int MaxCachedOwners { get; set; } = 64;

    /// <summary>How often the clustering service looks for owners with new or removed faces.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan ClusteringPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Run the clustering service in this instance (several may; owners are claimed with <c>SKIP LOCKED</c>).</summary>
    public bool ClusteringEnabled { get; set; } = true;

    /// <summary>Faces of one person needed before it appears (the clustering's minimum density).</summary>
    [Range(1, 100)]
    public int MinFacesPerPerson { get; set; } = Vision.Identity.FaceClusteringOptions.Default.MinFaces;

    /// <summary>
    /// How often the re-analysis of photos analysed without descriptors (before face search existed) queues more;
    /// it queues only while no other analysis is waiting, so uploads always go first.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "1.00:00:00")]
    public TimeSpan BackfillInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Photos queued for re-analysis per <see cref="BackfillInterval"/>; 0 turns the re-analysis off.</summary>
    [Range(0, 1000)]
    public int BackfillBatchSize { get; set; } = 5;
}
