namespace FaceAspire.Vision.Detection;

/// <summary>Detector settings; the defaults suit photos from phones and cameras, including group photos.</summary>
public sealed record FaceDetectorOptions
{
    /// <summary>Minimum detector score (0-1) for a face to be kept. Default 0.5.</summary>
    public float MinConfidence { get; init; } = 0.5f;

    /// <summary>IoU above which the weaker of two overlapping detections is dropped. Default 0.3.</summary>
    public float NmsIouThreshold { get; init; } = 0.3f;

    /// <summary>Share of the smaller box inside a stronger one above which the smaller is dropped. Default 0.6.</summary>
    public float NmsContainmentThreshold { get; init; } = 0.6f;

    /// <summary>
    /// Whether to also scan overlapping tiles so faces far smaller than the detector's view of the whole
    /// image are found. Default true; the whole-image pass alone misses faces under ~1/12 of the image side.
    /// </summary>
    public bool EnableTiling { get; init; } = true;

    /// <summary>
    /// Side, in image pixels, of the finest tiles. Faces from about 1/16 of this (20 px for the default 320)
    /// up to <see cref="TileOverlap"/> times it are found whole in some tile. Coarser levels grow by
    /// <see cref="TileGrowth"/> until a tile covers most of the image.
    /// </summary>
    public int TileSize { get; init; } = 320;

    /// <summary>Share of a tile that overlaps its neighbour. Default 0.25.</summary>
    public float TileOverlap { get; init; } = 0.25f;

    /// <summary>Factor between the tile sizes of successive pyramid levels. Default 2.5.</summary>
    public float TileGrowth { get; init; } = 2.5f;

    /// <summary>At most this many faces per image, largest first, as Rekognition does. Default 100.</summary>
    public int MaxFaces { get; init; } = 100;
}
