namespace FaceAspire.Evaluation.Metrics;

/// <summary>
/// Chooses a decision threshold on one set of scores and measures it on another, so the reported accuracy
/// is never tuned on the data it is reported for. A sample is predicted positive when score &gt;= threshold.
/// </summary>
public static class ThresholdSelection
{
    /// <summary>
    /// The threshold that maximises accuracy on <paramref name="train"/>. Candidates are midpoints between
    /// consecutive distinct scores plus one below the minimum and one above the maximum; ties in accuracy go to
    /// the lowest candidate, so the result is deterministic.
    /// </summary>
    public static double BestAccuracyThreshold(IReadOnlyList<ScoredSample> train)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (train.Count == 0)
        {
            throw new ArgumentException("At least one scored sample is needed to choose a threshold.", nameof(train));
        }

        var ordered = train.OrderBy(s => s.Score).ToArray();
        var totalPositives = ordered.Count(s => s.IsPositive);

        // Sweeping upwards: below the first score everything is positive.
        var bestThreshold = ordered[0].Score - 1;
        var bestCorrect = totalPositives;
        var negativesBelow = 0;
        var positivesBelow = 0;
        var i = 0;
        while (i < ordered.Length)
        {
            var score = ordered[i].Score;
            while (i < ordered.Length && ordered[i].Score == score)
            {
                if (ordered[i].IsPositive)
                {
                    positivesBelow++;
                }
                else
                {
                    negativesBelow++;
                }

                i++;
            }

            var candidate = i < ordered.Length ? (score + ordered[i].Score) / 2 : score + 1;
            var correct = negativesBelow + (totalPositives - positivesBelow);
            if (correct > bestCorrect)
            {
                bestCorrect = correct;
                bestThreshold = candidate;
            }
        }

        return bestThreshold;
    }

    /// <summary>Share of samples where (score &gt;= threshold) equals the label; NaN when empty.</summary>
    public static double AccuracyAt(IReadOnlyList<ScoredSample> samples, double threshold)
    {
        ArgumentNullException.ThrowIfNull(samples);
        return samples.Count == 0
            ? double.NaN
            : (double)samples.Count(s => (s.Score >= threshold) == s.IsPositive) / samples.Count;
    }
}
