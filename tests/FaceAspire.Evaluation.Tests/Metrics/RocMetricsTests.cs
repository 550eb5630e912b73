using FaceAspire.Evaluation.Metrics;

namespace FaceAspire.Evaluation.Tests.Metrics;

public sealed class RocMetricsTests
{
    [Fact]
    public void Auc_counts_ties_as_one_half()
    {
        // Positive-over-negative wins: 0.9 -> 3, 0.8 -> 3, 0.4 -> 1 win + 1 tie = 7.5 of 9 pairs.
        var samples = Samples([0.9, 0.8, 0.4], [0.7, 0.4, 0.1]);

        RocMetrics.AreaUnderCurve(samples).ShouldBe(7.5 / 9, 1e-12);
    }

    [Fact]
    public void Auc_is_one_for_perfect_ranking_and_zero_for_inverted()
    {
        RocMetrics.AreaUnderCurve(Samples([3, 4], [1, 2])).ShouldBe(1.0);
        RocMetrics.AreaUnderCurve(Samples([1, 2], [3, 4])).ShouldBe(0.0);
        double.IsNaN(RocMetrics.AreaUnderCurve(Samples([1, 2], []))).ShouldBeTrue();
    }

    [Fact]
    public void Tar_at_far_uses_the_strictest_threshold_that_admits_the_allowed_negatives()
    {
        var negatives = Enumerable.Range(0, 10).Select(i => i / 10.0).ToArray();
        var samples = Samples([0.95, 0.85, 0.5, 0.05], negatives);

        var atTenPercent = RocMetrics.TrueAcceptRateAt(samples, 0.1);
        atTenPercent.Threshold.ShouldBe(0.8, 1e-12);
        atTenPercent.Tar.ShouldBe(0.5, 1e-12);
        atTenPercent.AchievedFar.ShouldBe(0.1, 1e-12);

        // With 10 negatives, FAR=1e-3 allows none: only scores above the best negative (0.9) are accepted.
        var strict = RocMetrics.TrueAcceptRateAt(samples, 1e-3);
        strict.Threshold.ShouldBe(0.9, 1e-12);
        strict.Tar.ShouldBe(0.25, 1e-12);
        strict.AchievedFar.ShouldBe(0.0);
        strict.Negatives.ShouldBe(10);
    }

    [Fact]
    public void Equal_error_threshold_balances_false_rejects_and_false_accepts()
    {
        // At 0.6: positives below = {0.2} of 4 (FRR 0.25); negatives at or above = {0.6} of 4 (FAR 0.25).
        var samples = Samples([0.9, 0.8, 0.7, 0.2], [0.6, 0.4, 0.3, 0.1]);

        var equal = RocMetrics.EqualErrorRate(samples);

        equal.Threshold.ShouldBe(0.6, 1e-12);
        equal.FalseRejectRate.ShouldBe(0.25, 1e-12);
        equal.FalseAcceptRate.ShouldBe(0.25, 1e-12);
        equal.Rate.ShouldBe(0.25, 1e-12);
        RocMetrics.EqualErrorRate(Samples([0.9, 0.8], [0.2, 0.1])).Rate.ShouldBe(0.0);
        double.IsNaN(RocMetrics.EqualErrorRate(Samples([0.9], [])).Rate).ShouldBeTrue();
    }

    [Fact]
    public void Similarity_calibration_fit_puts_the_threshold_between_the_classes_and_rises_with_cosine()
    {
        // 50 same-person cosines around 0.6 and 500 different-person cosines around 0.1, overlapping a little.
        var positives = Enumerable.Range(0, 50).Select(i => 0.3 + (i * 0.012)).ToArray();
        var negatives = Enumerable.Range(0, 500).Select(i => -0.2 + (i * 0.0011)).ToArray();

        var fit = SimilarityCalibrationFit.Fit(Samples(positives, negatives));

        fit.Positives.ShouldBe(50);
        fit.Negatives.ShouldBe(500);
        fit.ThresholdCosine.ShouldBeInRange(0.30, 0.34);
        fit.FalseRejectRate.ShouldBe(fit.FalseAcceptRate, 0.05);
        fit.Slope.ShouldBeGreaterThan(5);
        Should.Throw<ArgumentException>(() => SimilarityCalibrationFit.Fit(Samples([0.5], [])));
    }

    internal static List<ScoredSample> Samples(double[] positives, double[] negatives) =>
        positives.Select(s => new ScoredSample(s, true)).Concat(negatives.Select(s => new ScoredSample(s, false))).ToList();
}
