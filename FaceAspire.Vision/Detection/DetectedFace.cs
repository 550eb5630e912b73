namespace FaceAspire.Vision.Detection;

/// <summary>
/// A face found by a detector, in image pixels. <see cref="Keypoints"/> are the detector's six points in
/// BlazeFace order: the eye on the image's left, the eye on the image's right, nose tip, mouth centre,
/// then the two ear tragions (image left, image right) for an upright frontal face.
/// </summary>
public sealed record DetectedFace(PixelBox Box, float Score, IReadOnlyList<(float X, float Y)> Keypoints)
{
    /// <summary>
    /// The runner-up detection of the same face (the best other candidate overlapping this one), or null. On profile
    /// faces BlazeFace's two eye points nearly coincide, so the roll angle read from them swings from anchor to anchor;
    /// when the landmark model rejects the crop made from this detection, the runner-up's crop is worth one more look.
    /// </summary>
    public DetectedFace? Alternative { get; init; }
}
