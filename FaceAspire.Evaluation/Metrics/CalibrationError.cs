namespace FaceAspire.Evaluation.Metrics;

/// <summary>
/// Expected calibration error (Guo et al., 2017): samples are put into equal-width confidence bins over
/// [0, 1] (bin b holds confidences in (b/B, (b+1)/B], the first bin also holds 0), and ECE is the
/// sample-weighted mean of |accuracy - mean confidence| over the bins. 0 is perfect calibration.
/// </summary>
public static class CalibrationError
{
    /// <summary>The bin count the project reports with.</summary>
    public const int DefaultBins = 15;

    /// <summary>ECE of predictions given as (confidence in the predicted answer, whether it was right).</summary>
    public static double Expected(IReadOnlyList<(double Confidence, bool Correct)> predictions, int bins = DefaultBins)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        if (predictions.Count == 0)
        {
            return double.NaN;
        }

        var count = new int[bins];
        var confidenceSum = new double[bins];
        var correctSum = new int[bins];
        foreach (var (confidence, correct) in predictions)
        {
            if (confidence is < 0 or > 1 || double.IsNaN(confidence))
            {
                throw new ArgumentOutOfRangeException(nameof(predictions), confidence, "Confidences must lie in [0, 1].");
            }

            var bin = Math.Max(0, (int)Math.Ceiling(confidence * bins) - 1);
            count[bin]++;
            confidenceSum[bin] += confidence;
            correctSum[bin] += correct ? 1 : 0;
        }

        double ece = 0;
        for (var b = 0; b < bins; b++)
        {
            if (count[b] > 0)
            {
                var gap = Math.Abs(((double)correctSum[b] / count[b]) - (confidenceSum[b] / count[b]));
                ece += gap * count[b] / predictions.Count;
            }
        }

        return ece;
    }

    /// <summary>
    /// ECE of a yes/no attribute from the probability of "yes": the prediction is yes when p &gt;= 0.5 and its
    /// confidence is max(p, 1 - p), which is how Rekognition reports a <c>BooleanAttribute</c>.
    /// </summary>
    public static double ExpectedForBinary(IReadOnlyList<(double ProbabilityYes, bool Truth)> samples, int bins = DefaultBins)
    {
        ArgumentNullException.ThrowIfNull(samples);
        return Expected(
            samples.Select(s => (Math.Max(s.ProbabilityYes, 1 - s.ProbabilityYes), (s.ProbabilityYes >= 0.5) == s.Truth)).ToList(),
            bins);
    }
}
