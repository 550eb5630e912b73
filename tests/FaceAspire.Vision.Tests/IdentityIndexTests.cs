using FaceAspire.Vision.Calibration;
using FaceAspire.Vision.Identity;

namespace FaceAspire.Vision.Tests;

/// <summary>The stored descriptor form, the exact search over it, people clustering and the threshold inverse.</summary>
public sealed class IdentityIndexTests
{
    private const int Dimensions = 64;

    [Fact]
    public void Half_precision_storage_keeps_the_cosine_of_unit_descriptors_to_a_thousandth()
    {
        var random = new Random(1);
        var a = Unit(random);
        var b = Near(a, random, 0.5f);
        var stored = EmbeddingCodec.Encode(a);
        stored.Length.ShouldBe(Dimensions * 2);
        var decoded = EmbeddingCodec.Decode(stored);
        System.Numerics.Tensors.TensorPrimitives.Dot(decoded, b).ShouldBe(System.Numerics.Tensors.TensorPrimitives.Dot(a, b), 1e-3f);
        Should.Throw<ArgumentException>(() => EmbeddingCodec.Decode(new byte[3]));
    }

    [Fact]
    public void Search_returns_every_row_above_the_threshold_best_first_and_skips_what_it_is_told()
    {
        var random = new Random(2);
        var query = Unit(random);
        var matrix = new EmbeddingMatrix(Dimensions);
        var rows = Enumerable.Range(0, 300).Select(i => i % 3 == 0 ? Near(query, random, 0.3f) : Unit(random)).ToList();
        rows.ForEach(r => matrix.Add(EmbeddingCodec.AsHalves(EmbeddingCodec.Encode(r))));

        // Scored against the stored (half-precision) rows, so near ties order the same way.
        var expected = rows.Select((r, i) => (Row: i, Cosine: System.Numerics.Tensors.TensorPrimitives.Dot(query, EmbeddingCodec.Decode(EmbeddingCodec.Encode(r)))))
            .Where(x => x.Cosine >= 0.5f && x.Row != 0).OrderByDescending(x => x.Cosine).ToList();
        expected.Count.ShouldBeGreaterThan(50);
        var found = matrix.Search(query, 0.5f, 1000, row => row == 0);
        found.Select(m => m.Row).ShouldBe(expected.Select(x => x.Row));
        found.Zip(expected).ShouldAllBe(p => Math.Abs(p.First.Cosine - p.Second.Cosine) < 2e-3f);
        matrix.Search(query, 0.5f, 5, row => row == 0).Select(m => m.Row).ShouldBe(expected.Take(5).Select(x => x.Row));

        // Removing a row moves the last one into its place.
        matrix.RemoveAt(3).ShouldBe(299);
        matrix.Count.ShouldBe(299);
        matrix.Row(3).ToArray().ShouldBe(EmbeddingCodec.AsHalves(EmbeddingCodec.Encode(rows[299])).ToArray());
    }

    [Fact]
    public void Large_matrices_are_scored_in_parallel_with_the_same_results()
    {
        var random = new Random(3);
        var matrix = new EmbeddingMatrix(Dimensions);
        var rows = Enumerable.Range(0, 40_000).Select(_ => Unit(random)).ToList();
        rows.ForEach(r => matrix.Add(EmbeddingCodec.AsHalves(EmbeddingCodec.Encode(r))));
        var cosines = new float[matrix.Count];
        matrix.Cosines(rows[17], cosines);
        cosines[17].ShouldBe(1f, 2e-3f);
        cosines[39_999].ShouldBe(System.Numerics.Tensors.TensorPrimitives.Dot(rows[17], rows[39_999]), 2e-3f);
    }

    [Fact]
    public void Clustering_needs_enough_faces_for_a_person_and_never_changes_assigned_or_moved_faces()
    {
        var random = new Random(4);
        var (alice, bob) = (Unit(random), Unit(random));
        var matrix = new EmbeddingMatrix(Dimensions);
        // Three faces of Alice, two of Bob, one stranger.
        foreach (var face in (float[][])[Near(alice, random, 0.2f), Near(bob, random, 0.2f), Near(alice, random, 0.2f), Near(bob, random, 0.2f), Near(alice, random, 0.2f), Unit(random)])
        {
            matrix.Add(EmbeddingCodec.AsHalves(EmbeddingCodec.Encode(face)));
        }

        var next = 0;
        var none = Enumerable.Repeat(FaceClustering.None, 6).ToArray();
        var free = new bool[6];
        var three = FaceClustering.Assign(matrix, none, free, new FaceClusteringOptions(0.5f, 3), () => next++);
        three.ShouldBe([0, FaceClustering.None, 0, FaceClustering.None, 0, FaceClustering.None]);

        var two = FaceClustering.Assign(matrix, three, free, new FaceClusteringOptions(0.5f, 2), () => next++);
        two.ShouldBe([0, 1, 0, 1, 0, FaceClustering.None]);

        // Alice's second face moved out by hand, and the stranger put into Bob: a new run keeps both choices.
        var moved = two.ToArray();
        moved[2] = FaceClustering.None;
        moved[5] = 1;
        FaceClustering.Assign(matrix, moved, [false, false, true, false, false, true], new FaceClusteringOptions(0.5f, 2), () => next++).ShouldBe(moved);
    }

    [Fact]
    public void The_threshold_cosine_maps_back_to_the_threshold_similarity()
    {
        var calibration = new SimilarityCalibration(0.167f, 8.3f);
        foreach (var similarity in (float[])[1f, 50f, 80f, 95f, 99.5f])
        {
            var cosine = calibration.CosineFor(similarity);
            calibration.Similarity(cosine).ShouldBe(similarity, 1e-3f);
            calibration.Similarity(cosine + 1e-3f).ShouldBeGreaterThan(similarity);
        }

        calibration.CosineFor(80f).ShouldBe(0.167f, 1e-5f);
        calibration.CosineFor(0f).ShouldBe(float.NegativeInfinity);
        calibration.CosineFor(100f).ShouldBe(float.PositiveInfinity);
    }

    private static float[] Unit(Random random)
    {
        var v = new float[Dimensions];
        for (var i = 0; i < v.Length; i++)
        {
            v[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return Normalise(v);
    }

    private static float[] Near(float[] centre, Random random, float noise)
    {
        var offset = Unit(random);
        return Normalise([.. centre.Zip(offset, (c, o) => c + (noise * o))]);
    }

    private static float[] Normalise(float[] v)
    {
        System.Numerics.Tensors.TensorPrimitives.Divide(v, System.Numerics.Tensors.TensorPrimitives.Norm<float>(v), v);
        return v;
    }
}
