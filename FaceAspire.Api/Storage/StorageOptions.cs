using System.ComponentModel.DataAnnotations;

namespace FaceAspire.Api.Storage;

/// <summary>Which object store to use and how to reach it (section <c>Storage</c>).</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    [Required]
    public StorageProvider Provider { get; set; } = StorageProvider.Local;

    public LocalStorageOptions Local { get; set; } = new();

    public S3StorageOptions S3 { get; set; } = new();
}

/// <summary>The object store implementations.</summary>
public enum StorageProvider
{
    /// <summary>A folder on the local disk.</summary>
    Local,

    /// <summary>Amazon S3 or an S3-compatible server.</summary>
    S3,
}

/// <summary>Settings of the local folder store.</summary>
public sealed class LocalStorageOptions
{
    /// <summary>Root folder; relative paths are resolved against the content root.</summary>
    [Required]
    public string RootPath { get; set; } = Path.Combine(".faceaspire", "storage");
}

/// <summary>Settings of the S3 store. Credentials come from the standard AWS chain unless both keys are set.</summary>
public sealed class S3StorageOptions
{
    /// <summary>Endpoint of an S3-compatible server (e.g. MinIO); empty for AWS itself.</summary>
    public string? ServiceUrl { get; set; }

    public string Region { get; set; } = "us-east-1";

    public string? Bucket { get; set; }

    /// <summary>Path-style addressing (<c>host/bucket/key</c>), which most S3-compatible servers need.</summary>
    public bool ForcePathStyle { get; set; }

    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }
}

/// <summary>Retries of object deletions that failed while storage was unavailable (section <c>Storage:Deletions</c>).</summary>
public sealed class ObjectDeletionOptions
{
    public const string SectionName = "Storage:Deletions";

    /// <summary>Pause before the second attempt; doubled after each failure up to <see cref="MaxRetryDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the deletion service looks for due deletions.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Run the deletion service on this instance.</summary>
    public bool ServiceEnabled { get; set; } = true;
}
