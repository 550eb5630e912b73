using FaceAspire.Evaluation.Metrics;

namespace FaceAspire.Evaluation.Tests.Metrics;

public sealed class ConfusionMatrixTests
{
    [Fact]
    public void Counts_recall_accuracy_and_balanced_accuracy_match_hand_computed_values()
    {
        var matrix = new ConfusionMatrix(["A", "B", "C"]);
        matrix.Add("A", "A");
        matrix.Add("A", "B");
        matrix.Add("A", null);
        matrix.Add("B", "B");
        matrix.Add("B", "B");
        matrix.Add("C", "A");

        matrix.Accuracy().ShouldBe(0.5, 1e-12);
        matrix.Recall("A").ShouldBe(1.0 / 3, 1e-12);
        matrix.Recall("B").ShouldBe(1.0, 1e-12);
        matrix.Recall("C").ShouldBe(0.0, 1e-12);
        matrix.BalancedAccuracy().ShouldBe(4.0 / 9, 1e-12);
        matrix.Missed("A").ShouldBe(1);
        matrix.Count("C", "A").ShouldBe(1);
        matrix.ToRows()["A"][ConfusionMatrix.MissedColumn].ShouldBe(1);
    }

    [Fact]
    public void Classes_without_samples_are_left_out_of_balanced_accuracy()
    {
        var matrix = new ConfusionMatrix(["yes", "no", "never"]);
        matrix.Add("yes", "yes");
        matrix.Add("no", "yes");

        double.IsNaN(matrix.Recall("never")).ShouldBeTrue();
        matrix.BalancedAccuracy().ShouldBe(0.5, 1e-12);
    }

    [Fact]
    public void Unknown_true_class_is_rejected() =>
        Should.Throw<ArgumentException>(() => new ConfusionMatrix(["A"]).Add("Z", "A"));
}
