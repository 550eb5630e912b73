using FaceAspire.Evaluation.Metrics;

namespace FaceAspire.Evaluation.Tests.Metrics;

public sealed class ClusteringMetricsTests
{
    private static readonly string[] Truth = ["a", "a", "a", "b", "b"];

    [Fact]
    public void A_perfect_clustering_scores_one()
    {
        ClusteringMetrics.Pairwise(Truth, [0, 0, 0, 1, 1]).F.ShouldBe(1);
        ClusteringMetrics.BCubed(Truth, [0, 0, 0, 1, 1]).F.ShouldBe(1);
    }

    [Fact]
    public void Merging_two_people_costs_precision_and_leaving_faces_out_costs_recall()
    {
        // Everyone in one cluster: 10 pairs put together, 4 of them right (3 of a, 1 of b).
        var merged = ClusteringMetrics.Pairwise(Truth, [0, 0, 0, 0, 0]);
        merged.Precision.ShouldBe(0.4, 1e-9);
        merged.Recall.ShouldBe(1);

        // One face of a in no cluster: precision stays 1, recall 2 of 4 same-identity pairs.
        var partial = ClusteringMetrics.Pairwise(Truth, [0, 0, null, 1, 1]);
        partial.Precision.ShouldBe(1);
        partial.Recall.ShouldBe(0.5, 1e-9);

        // BCubed of the same: items of a see 2/3, 2/3 and 1/3 of their identity; b's see all.
        var bcubed = ClusteringMetrics.BCubed(Truth, [0, 0, null, 1, 1]);
        bcubed.Precision.ShouldBe(1);
        bcubed.Recall.ShouldBe(((2.0 / 3) + (2.0 / 3) + (1.0 / 3) + 1 + 1) / 5, 1e-9);
    }
}
