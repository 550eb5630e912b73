using FaceAspire.Evaluation.Benchmark;
using FaceAspire.Evaluation.Engines;
using FaceAspire.Evaluation.Tasks;
using FaceAspire.Evaluation.Tests.Datasets;
using FaceAspire.Evaluation.Tests.Engines;
using FaceAspire.Vision.Pipeline;

namespace FaceAspire.Evaluation.Tests.Tasks;

/// <summary>The bench and the evaluation run end to end through the real engine, kept short for CI.</summary>
public sealed class RealEngineSmokeTests(EngineFixture engine) : IClassFixture<EngineFixture>
{
    [Fact]
    public void Bench_with_one_iteration_times_every_photo_in_both_modes_and_finds_their_faces()
    {
        var samples = BenchImages.SampleDirectory() ?? SamplePhotos.DirectoryOrSkip();
        var token = TestContext.Current.CancellationToken;
        IReadOnlyList<BenchImage> images;
        using (var locator = engine.Create(new FaceAnalyzerOptions()))
        {
            images = BenchImages.Compose(samples, rgb => locator.Analyze(rgb, FaceAttributeSet.Default, false, token).FirstOrDefault() is { } f
                ? (f.Detail.BoundingBox.Left * rgb.Width, f.Detail.BoundingBox.Top * rgb.Height, f.Detail.BoundingBox.Width * rgb.Width, f.Detail.BoundingBox.Height * rgb.Height)
                : null);
        }

        var results = BenchmarkRunner.Run(images, [BenchmarkRunner.SingleThread, BenchmarkRunner.AllCores], 1, engine.Create, token);

        results.Count.ShouldBe(6);
        results.ShouldAllBe(r => r.Iterations == 1 && r.P50Ms > 0 && r.P95Ms >= r.P50Ms && r.ImagesPerSecond > 0);
        results.Select(r => (r.Image, r.Faces)).Distinct().ShouldBe([("four-faces", 4), ("single-face", 1), ("group", 14)], ignoreOrder: true);
        BenchmarkRunner.PeakWorkingSet().ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Evaluation_of_tight_crops_reports_every_figure_for_a_few_validation_samples()
    {
        var root = EvalData.RootOrSkip();
        using var faceAspire = new FaceAspireEngine(engine.Create(new FaceAnalyzerOptions()));

        var report = EvaluationRunner.Run([faceAspire], root, [EmotionTask.Name, AttributesTask.Name], 7, cancellationToken: TestContext.Current.CancellationToken);

        var emotion = report.Tasks.Single(t => t.Task == EmotionTask.Name);
        emotion.Images.ShouldBe(14);
        emotion.Rows.Where(r => r.Metric == "accuracy").Select(r => r.Dataset).ShouldBe(["fer2013_test", "jaffe"]);
        emotion.Rows.ShouldAllBe(r => double.IsNaN(r.Value) || (r.Value >= 0 && r.Value <= 1));
        emotion.MillisecondsPerImage.ShouldBeGreaterThan(0);

        // Seven evenly spread JAFFE photos are 256x256 frontal faces: the detector must find every one.
        emotion.Notes.ShouldContain("jaffe: 0 of 7 validation images without a face found (counted wrong).");
        // Seven CelebA crops plus seven Yale faces (the out-of-distribution glasses check); the heads answer glasses.
        var attributes = report.Tasks.Single(t => t.Task == AttributesTask.Name);
        attributes.Images.ShouldBe(14);
        attributes.Rows.ShouldContain(r => r.Dataset == "celeba_align_attr" && r.Metric == "ECE Eyeglasses");
        attributes.Rows.ShouldContain(r => r.Dataset == "yalefaces" && r.Metric == "balanced accuracy Eyeglasses");
        ReportTable.Render(report).ShouldContain("fer2013_test");
    }
}
