namespace FaceAspire.Evaluation.Metrics;

/// <summary>
/// The LFW verification protocol on pairs drawn from a set of photos: as many same-person as different-person
/// pairs (at most <see cref="PairsPerClass"/> of each, drawn with a fixed seed), split into ten folds; each fold's
/// accuracy is measured at the threshold that is best on the other nine (<see cref="ThresholdSelection"/>), and the
/// figure is the mean over the folds. Balanced pairs make chance 0.5 whatever the photo set's same/different ratio.
/// </summary>
public static class TenFoldAccuracy
{
    /// <summary>Pairs of each class drawn at most.</summary>
    public const int PairsPerClass = 1000;

    /// <summary>Folds of the protocol.</summary>
    public const int Folds = 10;

    /// <summary>
    /// The balanced pairs: up to <paramref name="perClass"/> positives and as many negatives, each class drawn
    /// uniformly without replacement with <paramref name="seed"/>, then interleaved so every fold gets both classes.
    /// </summary>
    public static IReadOnlyList<ScoredSample> BalancedDraw(IReadOnlyList<ScoredSample> pairs, int perClass = PairsPerClass, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perClass);
        var random = new Random(seed);
        var positives = Shuffled(pairs.Where(p => p.IsPositive), random);
        var negatives = Shuffled(pairs.Where(p => !p.IsPositive), random);
        var count = Math.Min(perClass, Math.Min(positives.Count, negatives.Count));
        var drawn = new List<ScoredSample>(2 * count);
        for (var i = 0; i < count; i++)
        {
            drawn.Add(positives[i]);
            drawn.Add(negatives[i]);
        }

        return drawn;
    }

    /// <summary>
    /// Mean over <see cref="Folds"/> folds (sample i in fold i mod 10) of the fold's accuracy at the threshold chosen on
    /// the other folds; NaN when there are fewer samples than folds.
    /// </summary>
    public static double Measure(IReadOnlyList<ScoredSample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count < Folds)
        {
            return double.NaN;
        }

        var sum = 0.0;
        for (var fold = 0; fold < Folds; fold++)
        {
            var test = samples.Where((_, i) => i % Folds == fold).ToList();
            var train = samples.Where((_, i) => i % Folds != fold).ToList();
            sum += ThresholdSelection.AccuracyAt(test, ThresholdSelection.BestAccuracyThreshold(train));
        }

        return sum / Folds;
    }

    private static List<ScoredSample> Shuffled(IEnumerable<ScoredSample> samples, Random random)
    {
        var list = samples.ToList();
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }

        return list;
    }
}
