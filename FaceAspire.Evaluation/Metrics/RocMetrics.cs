namespace FaceAspire.Evaluation.Metrics;

/// <summary>
/// Threshold-free ranking metrics for scores where higher means "positive" (e.g. face similarity, where
/// positive = same person). Acceptance at a threshold t means score &gt; t for the FAR/TAR figures here.
/// </summary>
public static class RocMetrics
{
    /// <summary>
    /// Area under the ROC curve: the probability that a random positive outscores a random negative, ties
    /// counting one half (the Mann-Whitney U statistic divided by n+ * n-). NaN when either class is absent.
    /// </summary>
    public static double AreaUnderCurve(IReadOnlyList<ScoredSample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var ordered = samples.OrderBy(s => s.Score).ToArray();
        long positives = ordered.Count(s => s.IsPositive);
        long negatives = ordered.Length - positives;
        if (positives == 0 || negatives == 0)
        {
            return double.NaN;
        }

        // Mid-ranks handle ties exactly: a tied positive/negative pair contributes one half.
        double positiveRankSum = 0;
        var i = 0;
        while (i < ordered.Length)
        {
            var j = i;
            while (j + 1 < ordered.Length && ordered[j + 1].Score == ordered[i].Score)
            {
                j++;
            }

            var midRank = ((i + 1) + (j + 1)) / 2.0;
            for (var k = i; k <= j; k++)
            {
                if (ordered[k].IsPositive)
                {
                    positiveRankSum += midRank;
                }
            }

            i = j + 1;
        }

        var u = positiveRankSum - (positives * (positives + 1) / 2.0);
        return u / (positives * (double)negatives);
    }

    /// <summary>
    /// The equal-error operating point: among thresholds at the distinct scores (accept when score &gt;= threshold),
    /// the one where the false reject rate (positives below) and the false accept rate (negatives at or above) are
    /// closest, the lowest such threshold on ties. NaN figures when either class is absent.
    /// </summary>
    public static EqualError EqualErrorRate(IReadOnlyList<ScoredSample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var ordered = samples.OrderBy(s => s.Score).ToArray();
        var positives = ordered.Count(s => s.IsPositive);
        var negatives = ordered.Length - positives;
        if (positives == 0 || negatives == 0)
        {
            return new EqualError(double.NaN, double.NaN, double.NaN);
        }

        // At threshold ordered[i].Score, samples before i are rejected.
        var best = new EqualError(double.NaN, double.NaN, double.NaN);
        var bestGap = double.PositiveInfinity;
        var positivesBelow = 0;
        var negativesBelow = 0;
        var i = 0;
        while (i < ordered.Length)
        {
            var score = ordered[i].Score;
            var frr = (double)positivesBelow / positives;
            var far = (double)(negatives - negativesBelow) / negatives;
            if (Math.Abs(frr - far) < bestGap)
            {
                bestGap = Math.Abs(frr - far);
                best = new EqualError(score, frr, far);
            }

            while (i < ordered.Length && ordered[i].Score == score)
            {
                positivesBelow += ordered[i].IsPositive ? 1 : 0;
                negativesBelow += ordered[i].IsPositive ? 0 : 1;
                i++;
            }
        }

        return best;
    }

    /// <summary>
    /// True accept rate at a false accept rate of at most <paramref name="falseAcceptRate"/>: the threshold is
    /// the strictest that lets through no more than floor(FAR * n-) negatives (accept when score &gt; threshold),
    /// and TAR is the share of positives above it. With n- negatives, FAR below 1/n- means "no negative
    /// accepted", so small sets give coarse figures; <see cref="TarAtFar.Negatives"/> says how many there were.
    /// </summary>
    public static TarAtFar TrueAcceptRateAt(IReadOnlyList<ScoredSample> samples, double falseAcceptRate)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentOutOfRangeException.ThrowIfNegative(falseAcceptRate);
        var negatives = samples.Where(s => !s.IsPositive).Select(s => s.Score).OrderByDescending(s => s).ToArray();
        var positives = samples.Where(s => s.IsPositive).Select(s => s.Score).ToArray();
        if (negatives.Length == 0 || positives.Length == 0)
        {
            return new TarAtFar(falseAcceptRate, double.NaN, double.NaN, double.NaN, positives.Length, negatives.Length);
        }

        var allowed = (int)Math.Floor(falseAcceptRate * negatives.Length);
        var threshold = allowed >= negatives.Length ? double.NegativeInfinity : negatives[allowed];
        var accepted = positives.Count(s => s > threshold);
        var falseAccepted = negatives.Count(s => s > threshold);
        return new TarAtFar(
            falseAcceptRate,
            threshold,
            (double)accepted / positives.Length,
            (double)falseAccepted / negatives.Length,
            positives.Length,
            negatives.Length);
    }
}

/// <summary>Result of <see cref="RocMetrics.TrueAcceptRateAt"/>.</summary>
/// <param name="TargetFar">The requested false accept rate.</param>
/// <param name="Threshold">Accept when score is strictly above this.</param>
/// <param name="Tar">Share of positives accepted.</param>
/// <param name="AchievedFar">Share of negatives accepted (at most the target).</param>
/// <param name="Positives">Number of positive samples.</param>
/// <param name="Negatives">Number of negative samples.</param>
public sealed record TarAtFar(double TargetFar, double Threshold, double Tar, double AchievedFar, int Positives, int Negatives);

/// <summary>Result of <see cref="RocMetrics.EqualErrorRate"/>.</summary>
/// <param name="Threshold">Accept when score is at or above this.</param>
/// <param name="FalseRejectRate">Share of positives below the threshold.</param>
/// <param name="FalseAcceptRate">Share of negatives at or above it.</param>
public sealed record EqualError(double Threshold, double FalseRejectRate, double FalseAcceptRate)
{
    /// <summary>The mean of the two error rates at the threshold.</summary>
    public double Rate => (FalseRejectRate + FalseAcceptRate) / 2;
}
