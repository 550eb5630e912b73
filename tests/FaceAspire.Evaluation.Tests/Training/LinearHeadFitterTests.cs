using FaceAspire.Evaluation.Metrics;
using FaceAspire.Evaluation.Training;

namespace FaceAspire.Evaluation.Tests.Training;

public sealed class LinearHeadFitterTests
{
    [Fact]
    public void Standardisation_centres_and_scales_each_column_and_leaves_constant_columns_at_scale_one()
    {
        float[][] rows = [[1, 5, 7], [3, 5, 9], [5, 5, 11]];

        var (mean, scale) = LinearHeadFitter.Standardisation(rows);
        var z = LinearHeadFitter.Standardise(rows, mean, scale);

        mean.ShouldBe([3f, 5f, 9f]);
        scale[0].ShouldBe(MathF.Sqrt(8f / 3f), 1e-5f);
        scale[1].ShouldBe(1f);
        z.Select(r => r[0]).Sum().ShouldBe(0f, 1e-5f);
        z.Select(r => r[0] * r[0]).Sum().ShouldBe(3f, 1e-4f);
        z.ShouldAllBe(r => r[1] == 0f);
    }

    [Fact]
    public void A_linearly_separable_rare_class_is_found_by_its_informative_feature()
    {
        // 200 rows: feature 0 carries the label (positives near +1, 10 % of rows), feature 1 is noise.
        var random = new Random(5);
        var rows = new List<float[]>();
        var labels = new List<bool>();
        for (var i = 0; i < 200; i++)
        {
            var positive = i % 10 == 0;
            rows.Add([(positive ? 1f : -1f) + (0.3f * (random.NextSingle() - 0.5f)), random.NextSingle() - 0.5f]);
            labels.Add(positive);
        }

        var (mean, scale) = LinearHeadFitter.Standardisation(rows);
        var z = LinearHeadFitter.Standardise(rows, mean, scale);
        var (weights, bias) = LinearHeadFitter.Fit(z, labels, lambda: 1e-3, iterations: 200);

        weights[0].ShouldBeGreaterThan(5 * Math.Abs(weights[1]));
        z.Select((r, i) => LinearHeadFitter.Score(r, weights, bias) > 0 == labels[i]).ShouldAllBe(correct => correct);

        // Balanced class weights put the boundary between the classes, not at the majority's side.
        var scores = z.Select((r, i) => new ScoredSample(LinearHeadFitter.Score(r, weights, bias), labels[i])).ToList();
        RocMetrics.AreaUnderCurve(scores).ShouldBe(1.0);
    }

    [Fact]
    public void A_stronger_penalty_shrinks_the_weights()
    {
        float[][] rows = [[-2], [-1], [1], [2], [0.5f], [-0.5f]];
        bool[] labels = [false, false, true, true, false, true];

        var (weak, _) = LinearHeadFitter.Fit(rows, labels, 1e-3);
        var (strong, _) = LinearHeadFitter.Fit(rows, labels, 1.0);

        strong[0].ShouldBeGreaterThan(0f);
        strong[0].ShouldBeLessThan(weak[0]);
    }

    [Fact]
    public void One_class_only_is_refused()
    {
        Should.Throw<ArgumentException>(() => LinearHeadFitter.Fit([[1f], [2f]], [true, true], 0.01));
    }

    [Fact]
    public void Folds_follow_the_group_alone_and_cover_every_fold()
    {
        var folds = Enumerable.Range(0, 400).Select(i => LinearHeadFitter.FoldOf($"celeba:{i}", 4)).ToList();

        folds.ShouldAllBe(f => f >= 0 && f < 4);
        folds.Distinct().Count().ShouldBe(4);
        folds.GroupBy(f => f).ShouldAllBe(g => g.Count() > 60);
        LinearHeadFitter.FoldOf("celeba:17", 4).ShouldBe(folds[17]);
    }
}
