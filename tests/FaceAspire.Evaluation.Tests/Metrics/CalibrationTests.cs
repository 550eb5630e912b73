using FaceAspire.Evaluation.Metrics;

namespace FaceAspire.Evaluation.Tests.Metrics;

public sealed class CalibrationTests
{
    [Fact]
    public void Ece_weights_each_bin_gap_by_its_share_of_samples()
    {
        // Bin (0.933, 1]: confidence 0.95, accuracy 0.5; bin (0.533, 0.6]: confidence 0.6, accuracy 1.
        var ece = CalibrationError.Expected([(0.95, true), (0.95, false), (0.6, true), (0.6, true)]);

        ece.ShouldBe((0.5 * 0.45) + (0.5 * 0.4), 1e-12);
    }

    [Fact]
    public void Binary_ece_uses_the_confidence_of_the_predicted_answer()
    {
        // p=0.2 says "no" with 0.8 and is right; p=0.7 says "yes" with 0.7 and is wrong.
        var ece = CalibrationError.ExpectedForBinary([(0.2, false), (0.7, false)]);

        ece.ShouldBe((0.5 * 0.2) + (0.5 * 0.7), 1e-12);
    }

    [Fact]
    public void Perfectly_calibrated_predictions_score_zero()
    {
        var predictions = Enumerable.Range(0, 10).Select(i => (0.8, i < 8)).ToList();

        CalibrationError.Expected(predictions).ShouldBe(0, 1e-12);
    }

    [Fact]
    public void Platt_scaling_recovers_the_logistic_that_generated_the_labels()
    {
        // 200 samples per score with round(200 * sigmoid(2x - 1)) positives: the fit should land on (2, -1).
        var samples = new List<ScoredSample>();
        for (var x = -3.0; x <= 3.0; x += 0.05)
        {
            var positives = (int)Math.Round(200 / (1 + Math.Exp(-((2 * x) - 1))));
            samples.AddRange(Enumerable.Range(0, 200).Select(i => new ScoredSample(x, i < positives)));
        }

        var fit = PlattScaling.Fit(samples);

        fit.A.ShouldBe(2, 0.02);
        fit.B.ShouldBe(-1, 0.02);
        fit.Probability(0.5).ShouldBe(0.5, 0.01);
    }

    [Fact]
    public void Platt_scaling_stays_finite_on_separable_scores()
    {
        var fit = PlattScaling.Fit(RocMetricsTests.Samples([2, 3], [0, 1]));

        double.IsFinite(fit.A).ShouldBeTrue();
        fit.A.ShouldBeGreaterThan(0);
        fit.Probability(3).ShouldBeGreaterThan(0.5);
        fit.Probability(0).ShouldBeLessThan(0.5);
    }

    [Fact]
    public void Isotonic_calibration_pools_violators_and_interpolates_between_blocks()
    {
        // Labels 1,0,1,1 at scores 1..4: the first two pool to 0.5, the last two to 1.
        var fit = IsotonicCalibration.Fit(
            [new(1, true), new(2, false), new(3, true), new(4, true)]);

        fit.Blocks.Count.ShouldBe(2);
        fit.Probability(0).ShouldBe(0.5);
        fit.Probability(1.5).ShouldBe(0.5);
        fit.Probability(2.5).ShouldBe(0.75, 1e-12);
        fit.Probability(10).ShouldBe(1.0);
    }
}
