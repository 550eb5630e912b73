namespace FaceAspire.Evaluation.Metrics;

/// <summary>Precision, recall and F-measure of a clustering against true labels.</summary>
public readonly record struct ClusteringScore(double Precision, double Recall)
{
    public double F => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
}

/// <summary>
/// Pairwise and BCubed scores of predicted clusters against true identities. An item without a cluster (a face no
/// person took) counts as a cluster of its own, so leaving faces out costs recall, never precision.
/// </summary>
public static class ClusteringMetrics
{
    /// <summary>Pairwise: precision over pairs put together, recall over pairs of one identity.</summary>
    public static ClusteringScore Pairwise(IReadOnlyList<string> truth, IReadOnlyList<int?> predicted)
    {
        var clusters = Clusters(predicted);
        long together = 0, togetherRight = 0, sameIdentity = 0;
        for (var a = 0; a < truth.Count; a++)
        {
            for (var b = a + 1; b < truth.Count; b++)
            {
                var same = truth[a] == truth[b];
                var joined = clusters[a] == clusters[b];
                sameIdentity += same ? 1 : 0;
                together += joined ? 1 : 0;
                togetherRight += same && joined ? 1 : 0;
            }
        }

        return new ClusteringScore(together == 0 ? 1 : (double)togetherRight / together, sameIdentity == 0 ? 1 : (double)togetherRight / sameIdentity);
    }

    /// <summary>BCubed: per item, the share of its cluster with its identity and of its identity in its cluster, averaged.</summary>
    public static ClusteringScore BCubed(IReadOnlyList<string> truth, IReadOnlyList<int?> predicted)
    {
        var clusters = Clusters(predicted);
        double precision = 0, recall = 0;
        for (var i = 0; i < truth.Count; i++)
        {
            int inCluster = 0, inIdentity = 0, both = 0;
            for (var j = 0; j < truth.Count; j++)
            {
                var sameCluster = clusters[i] == clusters[j];
                var sameIdentity = truth[i] == truth[j];
                inCluster += sameCluster ? 1 : 0;
                inIdentity += sameIdentity ? 1 : 0;
                both += sameCluster && sameIdentity ? 1 : 0;
            }

            precision += (double)both / inCluster;
            recall += (double)both / inIdentity;
        }

        return truth.Count == 0 ? new ClusteringScore(1, 1) : new ClusteringScore(precision / truth.Count, recall / truth.Count);
    }

    // Unclustered items get distinct negative cluster numbers.
    private static int[] Clusters(IReadOnlyList<int?> predicted) =>
        [.. predicted.Select((p, i) => p ?? -1 - i)];
}
