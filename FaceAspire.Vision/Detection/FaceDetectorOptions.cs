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
    /// Whether to look for faces smaller than the whole-photo view at the detector's input size shows
    /// (about 1/12 of the photo's long side). Default true: a pyramid of resized copies of the photo down to
    /// <see cref="MinFaceSize"/>; false keeps only the whole-photo level.
    /// </summary>
    public bool EnableSmallFaces { get; init; } = true;

    /// <summary>
    /// Height in pixels of the smallest faces looked for. Default 12, the detector's own limit: photos up to
    /// <see cref="MaxLevelSide"/> pixels long are looked at unscaled (marginal faces get their best view at little
    /// cost), larger ones at that size, where faces of 1/96 of the long side (20 pixels at 1920) are the smallest
    /// found. A larger value saves work on smaller photos.
    /// </summary>
    public int MinFaceSize { get; init; } = 12;

    /// <summary>
    /// Longest side, in pixels, of the finest pyramid level; bounds the work and memory for large photos, whose
    /// smallest faces found grow to <c>long side / MaxLevelSide</c> times <see cref="DetectionLevels.SmallestInputFace"/>.
    /// Default 1152: faces of 20 pixels in a 1920-pixel photo, 1/96 of the long side in larger ones.
    /// </summary>
    public int MaxLevelSide { get; init; } = 1152;

    /// <summary>Largest scale factor between successive pyramid levels. Default 5.</summary>
    public float LevelStep { get; init; } = 5f;

    /// <summary>At most this many faces per image, largest first, as Rekognition does. Default 100.</summary>
    public int MaxFaces { get; init; } = 100;
}
