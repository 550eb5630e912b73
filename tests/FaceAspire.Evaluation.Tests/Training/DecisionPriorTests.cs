using FaceAspire.Evaluation.Metrics;
using FaceAspire.Evaluation.Training;

namespace FaceAspire.Evaluation.Tests.Training;

/// <summary>The decision-prior choice of rare attribute heads, on synthetic out-of-fold scores.</summary>
public sealed class DecisionPriorTests
{
    [Fact]
    public void A_rare_well_separated_attribute_gets_a_positive_shift_that_raises_balanced_accuracy_within_the_calibration_limit()
    {
        var (scores, labels) = Scores(positiveShare: 0.04, separation: 2.5, count: 4000);
        var platt = PlattScaling.Fit([.. scores.Select((s, i) => new ScoredSample(s, labels[i]))]);

        var (shift, table) = HeadTraining.ChooseDecisionPrior(scores, labels, platt);

        shift.ShouldBeGreaterThan(0);
        Balanced(scores, labels, platt, shift).ShouldBeGreaterThan(Balanced(scores, labels, platt, 0) + 0.05);
        Ece(scores, labels, platt, shift).ShouldBeLessThanOrEqualTo(HeadTraining.DecisionPriorMaxEce);
        table.Count.ShouldBe(8);
        table[^1].ShouldContain("chosen");
    }

    [Fact]
    public void Scores_that_carry_no_evidence_keep_the_training_share()
    {
        var (scores, labels) = Scores(positiveShare: 0.05, separation: 0, count: 4000);
        var platt = PlattScaling.Fit([.. scores.Select((s, i) => new ScoredSample(s, labels[i]))]);

        var (shift, table) = HeadTraining.ChooseDecisionPrior(scores, labels, platt);

        // Any shift would only make every "no" less confident than it deserves without finding a single positive.
        shift.ShouldBe(0);
        table.Count(l => l.Contains("over the ECE limit", StringComparison.Ordinal)).ShouldBeGreaterThan(0);
    }

    private static (double[] Scores, bool[] Labels) Scores(double positiveShare, double separation, int count)
    {
        var random = new Random(7);
        var labels = Enumerable.Range(0, count).Select(i => i < count * positiveShare).ToArray();
        var scores = labels.Select(positive => Gaussian(random) + (positive ? separation : 0)).ToArray();
        return (scores, labels);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static List<(double, bool)> Probabilities(double[] scores, bool[] labels, PlattScaling platt, double shift) =>
        [.. scores.Select((s, i) => (1 / (1 + Math.Exp(-((platt.A * s) + platt.B + shift))), labels[i]))];

    private static double Balanced(double[] scores, bool[] labels, PlattScaling platt, double shift)
    {
        var p = Probabilities(scores, labels, platt, shift);
        var tpr = p.Count(x => x.Item2 && x.Item1 >= 0.5) / (double)p.Count(x => x.Item2);
        var tnr = p.Count(x => !x.Item2 && x.Item1 < 0.5) / (double)p.Count(x => !x.Item2);
        return (tpr + tnr) / 2;
    }

    private static double Ece(double[] scores, bool[] labels, PlattScaling platt, double shift) =>
        CalibrationError.ExpectedForBinary(Probabilities(scores, labels, platt, shift));
}
