namespace FaceAspire.Evaluation.Metrics;

/// <summary>
/// Fits the engine's similarity calibration (<c>FaceAspire.Vision.Calibration.SimilarityCalibration</c>) to scored
/// same/different pairs: the threshold cosine is the equal-error cosine (<see cref="RocMetrics.EqualErrorRate"/>),
/// the slope is the Platt slope of "same person" on cosine over a class-balanced set (every positive and as many
/// negatives taken at an even stride through the list), so the slope does not depend on how rare positives are.
/// </summary>
/// <param name="ThresholdCosine">Equal-error cosine, mapped to similarity 80.</param>
/// <param name="Slope">Logistic slope per unit of cosine.</param>
/// <param name="FalseRejectRate">False reject rate at the threshold.</param>
/// <param name="FalseAcceptRate">False accept rate at the threshold.</param>
/// <param name="Positives">Same-person pairs fitted on.</param>
/// <param name="Negatives">Different-person pairs fitted on.</param>
public sealed record SimilarityCalibrationFit(
    double ThresholdCosine, double Slope, double FalseRejectRate, double FalseAcceptRate, int Positives, int Negatives)
{
    /// <exception cref="ArgumentException">Either class is absent.</exception>
    public static SimilarityCalibrationFit Fit(IReadOnlyList<ScoredSample> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var positives = pairs.Where(p => p.IsPositive).ToList();
        var negatives = pairs.Where(p => !p.IsPositive).ToList();
        if (positives.Count == 0 || negatives.Count == 0)
        {
            throw new ArgumentException("A calibration needs both same-person and different-person pairs.", nameof(pairs));
        }

        var equalError = RocMetrics.EqualErrorRate(pairs);
        var (few, many) = positives.Count <= negatives.Count ? (positives, negatives) : (negatives, positives);
        var balanced = new List<ScoredSample>(few);
        var stride = (double)many.Count / few.Count;
        for (var i = 0; i < few.Count; i++)
        {
            balanced.Add(many[(int)(i * stride)]);
        }

        var platt = PlattScaling.Fit(balanced);
        return new SimilarityCalibrationFit(
            equalError.Threshold, platt.A, equalError.FalseRejectRate, equalError.FalseAcceptRate, positives.Count, negatives.Count);
    }
}
