namespace FaceAspire.Evaluation.Metrics;

/// <summary>
/// Isotonic (monotone non-decreasing) calibration fitted with pool-adjacent-violators. Between fitted blocks
/// the probability is interpolated linearly; outside the training range it is clamped to the end values.
/// </summary>
public sealed class IsotonicCalibration
{
    private readonly double[] _lowScores;
    private readonly double[] _highScores;
    private readonly double[] _values;

    private IsotonicCalibration(double[] lowScores, double[] highScores, double[] values)
    {
        _lowScores = lowScores;
        _highScores = highScores;
        _values = values;
    }

    /// <summary>The fitted blocks: score range and the positive rate assigned to it, in score order.</summary>
    public IReadOnlyList<(double LowScore, double HighScore, double Probability)> Blocks =>
        _values.Select((v, i) => (_lowScores[i], _highScores[i], v)).ToList();

    /// <summary>Fits the calibration on <paramref name="samples"/>.</summary>
    public static IsotonicCalibration Fit(IReadOnlyList<ScoredSample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count == 0)
        {
            throw new ArgumentException("Isotonic calibration needs at least one sample.", nameof(samples));
        }

        // Equal scores must share one value, so they start as a single block.
        var blocks = new List<(double Low, double High, double Sum, int Count)>();
        foreach (var group in samples.GroupBy(s => s.Score).OrderBy(g => g.Key))
        {
            blocks.Add((group.Key, group.Key, group.Count(s => s.IsPositive), group.Count()));
            while (blocks.Count > 1 && Mean(blocks[^2]) >= Mean(blocks[^1]))
            {
                var (last, previous) = (blocks[^1], blocks[^2]);
                blocks.RemoveRange(blocks.Count - 2, 2);
                blocks.Add((previous.Low, last.High, previous.Sum + last.Sum, previous.Count + last.Count));
            }
        }

        return new IsotonicCalibration(
            blocks.Select(b => b.Low).ToArray(),
            blocks.Select(b => b.High).ToArray(),
            blocks.Select(Mean).ToArray());
    }

    /// <summary>Calibrated probability of the positive class for <paramref name="score"/>.</summary>
    public double Probability(double score)
    {
        if (score <= _highScores[0])
        {
            return _values[0];
        }

        for (var i = 1; i < _values.Length; i++)
        {
            if (score < _lowScores[i])
            {
                var t = (score - _highScores[i - 1]) / (_lowScores[i] - _highScores[i - 1]);
                return _values[i - 1] + (t * (_values[i] - _values[i - 1]));
            }

            if (score <= _highScores[i])
            {
                return _values[i];
            }
        }

        return _values[^1];
    }

    private static double Mean((double Low, double High, double Sum, int Count) block) => block.Sum / block.Count;
}
