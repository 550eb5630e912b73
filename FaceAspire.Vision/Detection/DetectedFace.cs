namespace FaceAspire.Vision.Detection;

/// <summary>
/// A face found by a detector, in image pixels. <see cref="Keypoints"/> are the detector's six points in
/// BlazeFace order: the eye on the image's left, the eye on the image's right, nose tip, mouth centre,
/// then the two ear tragions (image left, image right) for an upright frontal face.
/// </summary>
public sealed record DetectedFace(PixelBox Box, float Score, IReadOnlyList<(float X, float Y)> Keypoints);
