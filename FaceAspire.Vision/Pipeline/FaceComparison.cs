using FaceAspire.Vision.Calibration;
using FaceAspire.Vision.Rekognition;

namespace FaceAspire.Vision.Pipeline;

/// <summary>Rekognition CompareFaces over faces analysed with embeddings.</summary>
public static class FaceComparison
{
    /// <summary>Rekognition's default <c>SimilarityThreshold</c>.</summary>
    public const float DefaultThreshold = SimilarityCalibration.ThresholdSimilarity;

    /// <summary>Cosine of two L2-normalised descriptors (their dot product), clamped to [-1, 1].</summary>
    public static float Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"Descriptors differ in length ({a.Length} and {b.Length}).", nameof(b));
        }

        return Math.Clamp(System.Numerics.Tensors.TensorPrimitives.Dot(a, b), -1f, 1f);
    }

    /// <summary>Similarity (0-100) of two descriptors through <paramref name="calibration"/>.</summary>
    public static float Similarity(float[] a, float[] b, SimilarityCalibration calibration)
    {
        ArgumentNullException.ThrowIfNull(calibration);
        return calibration.Similarity(Cosine(a, b));
    }

    /// <summary>
    /// Compares the largest source face with every target face: those at or above <paramref name="threshold"/>
    /// are matches (most similar first), the rest unmatched. No source face gives a null source and no matches.
    /// </summary>
    public static CompareFacesResult Compare(
        IReadOnlyList<AnalyzedFace> source, IReadOnlyList<AnalyzedFace> target, float threshold, SimilarityCalibration calibration)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        var largest = source.MaxBy(f => f.RelativeArea);
        if (largest is null)
        {
            return new CompareFacesResult(null, [], [.. target.Select(Compared)]);
        }

        var sourceEmbedding = largest.Embedding ?? throw new ArgumentException("Faces must be analysed with embeddings.", nameof(source));
        var scored = target
            .Select(t => (Face: t, Similarity: Similarity(sourceEmbedding, t.Embedding ?? throw new ArgumentException("Faces must be analysed with embeddings.", nameof(target)), calibration)))
            .ToList();
        return new CompareFacesResult(
            new ComparedSourceImageFace(largest.Detail.BoundingBox, largest.Detail.Confidence),
            [.. scored.Where(s => s.Similarity >= threshold).OrderByDescending(s => s.Similarity).Select(s => new CompareFacesMatch(s.Similarity, Compared(s.Face)))],
            [.. scored.Where(s => s.Similarity < threshold).Select(s => Compared(s.Face))]);
    }

    private static ComparedFace Compared(AnalyzedFace face) => new()
    {
        BoundingBox = face.Detail.BoundingBox,
        Confidence = face.Detail.Confidence,
        Landmarks = face.Detail.Landmarks,
        Pose = face.Detail.Pose,
        Quality = face.Detail.Quality,
    };
}
