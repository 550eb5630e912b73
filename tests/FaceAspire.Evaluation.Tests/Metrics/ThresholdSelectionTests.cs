using FaceAspire.Evaluation.Metrics;

namespace FaceAspire.Evaluation.Tests.Metrics;

public sealed class ThresholdSelectionTests
{
    [Fact]
    public void Threshold_is_chosen_on_train_and_accuracy_measured_on_validation()
    {
        // Sorted train: 0.1-, 0.2-, 0.25+, 0.3-, 0.4+, 0.6+. Cutting at 0.225 gets 5 of 6 right, as does 0.35;
        // ties go to the lower candidate.
        var train = RocMetricsTests.Samples([0.25, 0.4, 0.6], [0.1, 0.2, 0.3]);
        var threshold = ThresholdSelection.BestAccuracyThreshold(train);
        threshold.ShouldBe(0.225, 1e-12);
        ThresholdSelection.AccuracyAt(train, threshold).ShouldBe(5.0 / 6, 1e-12);

        var validation = RocMetricsTests.Samples([0.23, 0.1], [0.22, 0.5]);
        ThresholdSelection.AccuracyAt(validation, threshold).ShouldBe(0.5, 1e-12);
    }

    [Fact]
    public void All_positive_train_set_accepts_everything()
    {
        var train = RocMetricsTests.Samples([0.3, 0.7], []);
        var threshold = ThresholdSelection.BestAccuracyThreshold(train);
        threshold.ShouldBeLessThan(0.3);
    }
}
