using FaceAspire.Evaluation.Benchmark;
using FaceAspire.Evaluation.Tasks;

namespace FaceAspire.Evaluation.Tests.Tasks;

public sealed class ScoringTests
{
    [Fact]
    public void A_box_claims_at_most_one_nose_and_the_nearest_one()
    {
        // Box 0 contains both noses; box 1 only the second. Best assignment by distance: box 0 -> nose 0
        // (at its centre), box 1 -> nose 1. A third box with no nose stays a false positive.
        (float, float)[] noses = [(50, 50), (90, 50)];
        (float, float, float, float)[] boxes = [(0, 0, 100, 100), (80, 40, 20, 20), (300, 300, 10, 10)];

        NoseMatching.Match(noses, boxes).ShouldBe(2);
        NoseMatching.Match(noses, [(0, 0, 100, 100)]).ShouldBe(1);
        NoseMatching.Match(noses, []).ShouldBe(0);
        NoseMatching.Match([], boxes).ShouldBe(0);
        NoseMatching.Assign(noses, boxes).ShouldBe([0, 1]);
        NoseMatching.Assign(noses, [(0, 0, 100, 100)]).ShouldBe([0, -1]);
    }

    [Fact]
    public void Recall_by_size_gives_a_missed_face_the_median_height_of_its_photo_or_no_size()
    {
        var bySize = new int[DetectionTask.SizeBins.Length + 2, 2];
        (float, float, float, float)[] boxes = [(0, 0, 30, 30), (0, 0, 60, 60), (0, 0, 200, 200)];
        DetectionTask.CountBySize([0, 1, 2, -1], boxes, bySize);
        DetectionTask.CountBySize([-1], [], bySize);

        // Heights 30, 60, 200 found; the missed face takes the median, 60; the photo with nothing found has no size.
        int[,] expected = { { 1, 1 }, { 2, 1 }, { 1, 1 }, { 1, 0 } };
        bySize.ShouldBe(expected);
    }

    [Fact]
    public void Percentiles_use_the_nearest_rank()
    {
        double[] values = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];

        BenchmarkRunner.Percentile(values, 50).ShouldBe(5);
        BenchmarkRunner.Percentile(values, 95).ShouldBe(10);
        BenchmarkRunner.Percentile([42], 95).ShouldBe(42);
        double.IsNaN(BenchmarkRunner.Percentile([], 50)).ShouldBeTrue();
    }

    [Fact]
    public void Cosine_of_a_missing_embedding_is_the_lowest_score()
    {
        VerificationTask.Cosine([0.6f, 0.8f], [0.6f, 0.8f]).ShouldBe(1, 1e-6);
        VerificationTask.Cosine([1, 0], [0, 1]).ShouldBe(0, 1e-6);
        VerificationTask.Cosine(null, [1, 0]).ShouldBe(-1);
    }

    [Fact]
    public void Table_puts_engines_side_by_side_and_lists_notes()
    {
        var report = new EvaluationReport("eval", 5, "machine", DateTimeOffset.UnixEpoch,
        [
            new TaskReport("emotion", "A", [new MetricRow("fer", "accuracy", 0.5, 10, ">= 0.65", 3)], 10, 1, 12.5, ["A note"]),
            new TaskReport("emotion", "B", [new MetricRow("fer", "accuracy", 0.25, 10, ">= 0.65", 7)], 10, 2, 40, []),
        ]);

        var lines = ReportTable.Render(report).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        lines[0].ShouldStartWith("task");
        lines[0].ShouldContain("no face (A)");
        lines[0].ShouldContain("no face (B)");
        lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[^3..].ShouldBe(["3", "7", "10"]);
        lines[1].ShouldContain("0.500");
        lines[1].ShouldContain("0.250");
        lines[2].ShouldContain("12.5");
        lines[2].ShouldContain("40.0");
        lines[3].ShouldBe("[emotion, A] A note");
    }

    [Fact]
    public void Unknown_task_names_are_refused_with_the_list_of_valid_ones() =>
        Should.Throw<ArgumentException>(() => EvaluationRunner.Expand("smiles")).Message.ShouldContain("detection");

}

public sealed class SampleLimitTests
{
    [Fact]
    public void A_limit_picks_evenly_spaced_samples_and_no_limit_keeps_all()
    {
        var items = Enumerable.Range(0, 10).ToList();

        SampleLimit.Spread(items, 3).ShouldBe([0, 3, 6]);
        SampleLimit.Spread(items, null).ShouldBe(items);
        SampleLimit.Spread(items, 50).ShouldBe(items);
    }
}
