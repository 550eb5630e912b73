using FaceAspire.Evaluation.Metrics;

namespace FaceAspire.Evaluation.Tests.Metrics;

public sealed class TenFoldAccuracyTests
{
    [Fact]
    public void Draw_is_balanced_capped_and_repeatable()
    {
        var pairs = RocMetricsTests.Samples([.. Enumerable.Range(0, 30).Select(i => i / 30.0)], [.. Enumerable.Range(0, 500).Select(i => i / 500.0)]);
        var drawn = TenFoldAccuracy.BalancedDraw(pairs, perClass: 1000);
        drawn.Count(s => s.IsPositive).ShouldBe(30);
        drawn.Count(s => !s.IsPositive).ShouldBe(30);
        TenFoldAccuracy.BalancedDraw(pairs, perClass: 1000).ShouldBe(drawn);
        TenFoldAccuracy.BalancedDraw(pairs, perClass: 10).Count.ShouldBe(20);
        TenFoldAccuracy.BalancedDraw(pairs, perClass: 1000, seed: 2).ShouldNotBe(drawn);
    }

    [Fact]
    public void Separable_pairs_score_one_and_an_outlier_costs_only_its_own_fold()
    {
        var separable = TenFoldAccuracy.BalancedDraw(RocMetricsTests.Samples(
            [.. Enumerable.Range(0, 50).Select(i => 0.6 + (i / 200.0))], [.. Enumerable.Range(0, 50).Select(i => 0.1 + (i / 200.0))]));
        TenFoldAccuracy.Measure(separable).ShouldBe(1.0, 1e-12);

        // One positive scored among the negatives: whichever fold holds it misses it, and only that fold.
        var noisy = separable.Select((s, i) => i == 0 ? s with { Score = 0.15 } : s).ToList();
        TenFoldAccuracy.Measure(noisy).ShouldBe(1.0 - (1.0 / noisy.Count), 1e-12);
        var samples = noisy;
        TenFoldAccuracy.Measure(samples[..9]).ShouldBe(double.NaN);
    }
}
