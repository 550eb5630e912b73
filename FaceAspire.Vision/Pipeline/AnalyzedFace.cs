using FaceAspire.Vision.Rekognition;

namespace FaceAspire.Vision.Pipeline;

/// <summary>A face's Rekognition description plus, when asked for, its identity descriptor.</summary>
/// <param name="Detail">The Rekognition FaceDetail.</param>
/// <param name="Embedding">L2-normalised descriptor, or null when embeddings were not requested.</param>
public sealed record AnalyzedFace(FaceDetail Detail, float[]? Embedding)
{
    /// <summary>
    /// The attribute heads' input vector (<see cref="Attributes.AttributeFeatures"/>), kept only when
    /// <see cref="FaceAnalyzerOptions.KeepAttributeFeatures"/> is set (for training heads); otherwise null.
    /// </summary>
    public float[]? AttributeFeatures { get; init; }

    /// <summary>
    /// The face mesh the description was built from, kept only when <see cref="FaceAnalyzerOptions.KeepAttributeFeatures"/>
    /// is set (for training models on mesh-cut crops); otherwise null.
    /// </summary>
    public Landmarks.FaceMesh? Mesh { get; init; }

    /// <summary>
    /// The emotion network's crop with its training border (<see cref="Attributes.EmotionCrop"/>), kept only when
    /// <see cref="FaceAnalyzerOptions.KeepEmotionCrops"/> is set; otherwise null.
    /// </summary>
    public float[]? EmotionCrop { get; init; }

    /// <summary>Face area as a share of the image area, for picking the largest face.</summary>
    public float RelativeArea => Detail.BoundingBox.Width * Detail.BoundingBox.Height;
}
