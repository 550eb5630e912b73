namespace FaceAspire.Vision.Identity;

/// <summary>
/// Settings of <see cref="FaceClustering"/>.
/// </summary>
/// <param name="MinCosine">Two faces are neighbours at this descriptor cosine or more.</param>
/// <param name="MinFaces">A face whose neighbourhood (itself included) holds this many faces is a core face; only
/// core faces start a person.</param>
public sealed record FaceClusteringOptions(float MinCosine, int MinFaces)
{
    /// <summary>
    /// The shipped settings: cosine 0.35 (similarity 95 on the shipped calibration; stricter than the verification
    /// threshold of 80, since a person chains many decisions) and 3 faces before a person appears. Chosen as the best
    /// pairwise F of a sweep on the train side of the CelebA in-the-wild eval folder (0.944, 19 people for 19);
    /// <c>faceaspire evaluate --task people</c> reports the validation side and repeats the sweep.
    /// </summary>
    public static FaceClusteringOptions Default { get; } = new(0.35f, 3);
}

/// <summary>
/// Incremental density-based grouping of faces into people, as photo libraries do it (immich's face recognition job):
/// only faces without a person are looked at, in row order. A core face (at least <see cref="FaceClusteringOptions.MinFaces"/>
/// faces within <see cref="FaceClusteringOptions.MinCosine"/>, itself included) joins the person of its most similar
/// neighbour that has one, or starts a new person; after all core faces, a border face (fewer neighbours) joins the
/// person of its most similar neighbour with one, and otherwise waits for a later run. Faces that already have a
/// person, and frozen faces (moved by hand, also out of every person), are never changed, so names and manual
/// moves survive every run.
/// </summary>
public static class FaceClustering
{
    /// <summary>No person.</summary>
    public const int None = -1;

    /// <summary>
    /// Returns the new label of every row of <paramref name="matrix"/>: <paramref name="labels"/> (a person number, or
    /// <see cref="None"/>) with unassigned, unfrozen rows given a person where the rule above says so;
    /// <paramref name="newLabel"/> numbers each new person.
    /// </summary>
    public static int[] Assign(
        EmbeddingMatrix matrix, IReadOnlyList<int> labels, IReadOnlyList<bool> frozen, FaceClusteringOptions options, Func<int> newLabel)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentNullException.ThrowIfNull(options);
        var query = new float[matrix.Dimensions];
        var cosines = new float[matrix.Count];
        return Assign(matrix.Count, Neighbours, labels, frozen, options.MinFaces, newLabel);

        // Half precision can put a row's cosine with itself a hair below 1, never below any sane threshold.
        List<(int Row, float Score)> Neighbours(int row)
        {
            System.Numerics.Tensors.TensorPrimitives.ConvertToSingle(matrix.Row(row), query);
            matrix.Cosines(query, cosines);
            var found = new List<(int Row, float Score)>();
            for (var other = 0; other < cosines.Length; other++)
            {
                if (cosines[other] >= options.MinCosine)
                {
                    found.Add((other, cosines[other]));
                }
            }

            return found;
        }
    }

    /// <summary>
    /// The same rule over any similarity: <paramref name="neighbours"/> gives the rows within the threshold of a row
    /// (the row itself included) with a score, higher meaning more alike. It is asked only about unassigned, unfrozen
    /// rows, so a caller whose similarities are costly (a remote service) can answer from what it fetched for those.
    /// </summary>
    public static int[] Assign(
        int count, Func<int, IReadOnlyList<(int Row, float Score)>> neighbours, IReadOnlyList<int> labels, IReadOnlyList<bool> frozen,
        int minFaces, Func<int> newLabel)
    {
        ArgumentNullException.ThrowIfNull(neighbours);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(frozen);
        ArgumentNullException.ThrowIfNull(newLabel);
        if (labels.Count != count || frozen.Count != count)
        {
            throw new ArgumentException("One label and one frozen flag per row.", nameof(labels));
        }

        var result = labels.ToArray();
        var borders = new List<(int Row, IReadOnlyList<(int Row, float Score)> Near)>();
        for (var row = 0; row < count; row++)
        {
            if (result[row] != None || frozen[row])
            {
                continue;
            }

            var near = neighbours(row);
            if (near.Count < minFaces)
            {
                borders.Add((row, near));
                continue;
            }

            result[row] = NearestLabel(row, near) is var label and not None ? label : newLabel();
        }

        foreach (var (row, near) in borders)
        {
            result[row] = NearestLabel(row, near);
        }

        return result;

        // The label of the most similar neighbour that has one.
        int NearestLabel(int row, IReadOnlyList<(int Row, float Score)> near)
        {
            var (best, bestScore) = (None, float.NegativeInfinity);
            foreach (var (other, score) in near)
            {
                if (other != row && result[other] != None && score > bestScore)
                {
                    (best, bestScore) = (result[other], score);
                }
            }

            return best;
        }
    }
}
