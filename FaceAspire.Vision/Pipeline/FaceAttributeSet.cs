namespace FaceAspire.Vision.Pipeline;

/// <summary>Which FaceDetail fields to compute, as Rekognition's <c>Attributes</c> parameter.</summary>
public enum FaceAttributeSet
{
    /// <summary>BoundingBox, Confidence, Pose, Quality and Landmarks.</summary>
    Default,

    /// <summary>Every attribute the engine produces.</summary>
    All,
}
