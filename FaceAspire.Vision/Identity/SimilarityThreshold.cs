using FaceAspire.Vision.Calibration;

namespace FaceAspire.Vision.Identity;

/// <summary>The inverse of a <see cref="SimilarityCalibration"/>: the cosine at which a similarity threshold is reached.</summary>
public static class SimilarityThreshold
{
    /// <summary>
    /// The least descriptor cosine whose similarity is at least <paramref name="similarity"/> (0-100); 0 and 100 map to
    /// minus and plus infinity, so "any" and "none" need no special case.
    /// </summary>
    public static float CosineFor(this SimilarityCalibration calibration, float similarity)
    {
        ArgumentNullException.ThrowIfNull(calibration);
        if (similarity <= 0)
        {
            return float.NegativeInfinity;
        }

        if (similarity >= 100)
        {
            return float.PositiveInfinity;
        }

        var logit = MathF.Log(similarity / (100f - similarity));
        var thresholdLogit = MathF.Log(SimilarityCalibration.ThresholdSimilarity / (100f - SimilarityCalibration.ThresholdSimilarity));
        // A hair below the exact inverse, so a face scored at exactly the threshold is kept despite rounding.
        return calibration.ThresholdCosine + ((logit - thresholdLogit) / calibration.Slope) - 1e-6f;
    }
}
