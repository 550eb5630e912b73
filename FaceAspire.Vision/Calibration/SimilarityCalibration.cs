namespace FaceAspire.Vision.Calibration;

/// <summary>
/// The monotone map from descriptor cosine to Rekognition-style similarity (0-100):
/// <c>Similarity = 100 / (1 + exp(-(Slope (cosine - ThresholdCosine) + ln 4)))</c>.
/// At <see cref="ThresholdCosine"/> (the equal-error cosine on the calibration pairs) it gives exactly 80,
/// Rekognition's default threshold; <see cref="Slope"/> is the logistic-regression slope of "same person"
/// on cosine over the same pairs, so similarity spreads the way the evidence does.
/// </summary>
public sealed record SimilarityCalibration(float ThresholdCosine, float Slope)
{
    /// <summary>Similarity that <see cref="ThresholdCosine"/> maps to.</summary>
    public const float ThresholdSimilarity = 80f;

    private static readonly float ThresholdLogit = MathF.Log(ThresholdSimilarity / (100f - ThresholdSimilarity));

    public float Similarity(float cosine) =>
        100f / (1f + MathF.Exp(-((Slope * (cosine - ThresholdCosine)) + ThresholdLogit)));
}
