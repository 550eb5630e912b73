namespace FaceAspire.Api.Photos;

/// <summary>
/// An uploaded photo. The objects live in the object store under random keys; the user's file name is kept here
/// only as sanitised display metadata.
/// </summary>
public sealed class Photo
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid OwnerId { get; init; }

    public required string FileName { get; init; }

    /// <summary>Media type of the original, identified from its bytes.</summary>
    public required string ContentType { get; init; }

    /// <summary>Width after EXIF orientation was applied.</summary>
    public int Width { get; init; }

    /// <summary>Height after EXIF orientation was applied.</summary>
    public int Height { get; init; }

    /// <summary>Size of the original upload.</summary>
    public long SizeBytes { get; init; }

    /// <summary>SHA-256 of the original, hex.</summary>
    public required string Sha256 { get; init; }

    public required string OriginalKey { get; init; }

    /// <summary>When the original was deleted under the retention setting (the display image and results stay).</summary>
    public DateTimeOffset? OriginalDeletedAt { get; set; }

    /// <summary>Re-encoded, upright, metadata-free image served to clients.</summary>
    public required string DisplayKey { get; init; }

    public required string ThumbnailKey { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}
