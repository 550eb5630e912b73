using FaceAspire.Vision.Detection;
using FaceAspire.Vision.Imaging;
using FaceAspire.Vision.Runtime;
using FaceAspire.Vision.Tests.Support;

namespace FaceAspire.Vision.Tests;

/// <summary>The detector's scale pyramid, its size-free graph and the resizer that feeds it.</summary>
public sealed class DetectionPyramidTests(AnalyzerFixture engine) : IClassFixture<AnalyzerFixture>
{
    [Fact]
    public void A_1920_photo_is_seen_at_a_level_where_20_pixel_faces_reach_the_detectors_smallest_size_and_as_a_whole()
    {
        var levels = DetectionLevels.Plan(1920, 1280, new FaceDetectorOptions());

        levels.Count.ShouldBe(2);
        var finest = levels[0];
        (finest.ScaleY * 20f).ShouldBe(DetectionLevels.SmallestInputFace, 0.05f);
        (finest.Width, finest.Height, finest.InputWidth, finest.InputHeight).ShouldBe((1152, 768, 1152, 768));
        var coarsest = levels[^1];
        Math.Max(coarsest.Width, coarsest.Height).ShouldBe(DetectionLevels.TrainedSize);
        (coarsest.InputWidth, coarsest.InputHeight).ShouldBe((256, 192));
        (finest.ScaleX / coarsest.ScaleX).ShouldBeLessThanOrEqualTo(new FaceDetectorOptions().LevelStep);
    }

    [Theory]
    [InlineData(7360, 4912)]
    [InlineData(640, 480)]
    [InlineData(300, 5000)]
    [InlineData(40, 30)]
    public void Levels_stay_within_the_size_cap_are_aligned_and_no_further_apart_than_the_step(int width, int height)
    {
        var options = new FaceDetectorOptions();
        var levels = DetectionLevels.Plan(width, height, options);

        levels.ShouldNotBeEmpty();
        foreach (var level in levels)
        {
            // Only the coarsest level may enlarge: a tiny photo is shown to the detector at its trained size.
            if (level != levels[^1])
            {
                level.ScaleX.ShouldBeLessThanOrEqualTo(1.001f);
            }

            Math.Max(level.Width, level.Height).ShouldBeLessThanOrEqualTo(Math.Max(options.MaxLevelSide, DetectionLevels.TrainedSize) + 1);
            (level.InputWidth % DetectionLevels.Alignment).ShouldBe(0);
            (level.InputHeight % DetectionLevels.Alignment).ShouldBe(0);
            level.InputWidth.ShouldBeGreaterThanOrEqualTo(level.Width);
            level.InputHeight.ShouldBeGreaterThanOrEqualTo(level.Height);
        }

        for (var i = 1; i < levels.Count; i++)
        {
            (levels[i - 1].ScaleX / levels[i].ScaleX).ShouldBeLessThanOrEqualTo(options.LevelStep * 1.01f);
        }
    }

    [Fact]
    public void A_close_up_is_one_whole_face_not_the_fragments_a_fine_level_makes_of_it()
    {
        // A portrait whose face is ~450 pixels high at the finest level: there it comes out as confident pieces.
        var path = TestPaths.EvalFile(Path.Combine("deepface_pairs", "images", "img1.jpg"));
        var levels = DetectionLevels.Plan(1382, 1868, new FaceDetectorOptions());
        levels[^1].LargestFace.ShouldBe(float.PositiveInfinity);
        levels.Take(levels.Count - 1).ShouldAllBe(l => l.LargestFace == DetectionLevels.LargestInputFace);

        var faces = engine.Analyzer.Analyze(File.ReadAllBytes(path), Pipeline.FaceAttributeSet.Default, false, TestContext.Current.CancellationToken);

        faces.ShouldHaveSingleItem().Detail.BoundingBox.Height.ShouldBeGreaterThan(0.2f);
    }

    [Fact]
    public void Without_small_faces_only_the_whole_photo_level_is_run()
    {
        var levels = DetectionLevels.Plan(1920, 1280, new FaceDetectorOptions { EnableSmallFaces = false });
        levels.ShouldHaveSingleItem().Width.ShouldBe(DetectionLevels.TrainedSize);
    }

    [Fact]
    public void Anchors_of_a_wide_input_run_row_by_row_over_both_grids()
    {
        var fine = BlazeFaceDecoder.Anchors(64, 32, 16, 2);
        fine.Length.ShouldBe(4 * 2 * 2);
        fine[0].ShouldBe((8f, 8f));
        fine[2].ShouldBe((24f, 8f));
        fine[8].ShouldBe((8f, 24f));
        BlazeFaceDecoder.Anchors(64, 32, 32, 6).Length.ShouldBe(2 * 1 * 6);
    }

    [Fact]
    public void The_size_free_graph_matches_the_imported_graph_on_its_trained_input_size()
    {
        var path = engine.Models.GetOnnxPath(BlazeFaceDetector.ModelName);
        var runtime = new OnnxRuntimeOptions();
        using var fixedSize = new OnnxModelSession(path, runtime);
        using var sizeFree = new OnnxModelSession(SizeFreeDetectorGraph.Rewrite(File.ReadAllBytes(path)), runtime, path);
        var image = ImageDecoder.Decode(TestPaths.ReadSample(3));
        var input = new float[256 * 256 * 3];
        ImageResizer.ResizeRgb(image, 256, 180, input, 256, 1f / 127.5f, -1f);

        using var expected = fixedSize.Run(input, [1, 256, 256, 3]);
        using var actual = sizeFree.Run(input, [1, 256, 256, 3]);

        actual.Count.ShouldBe(expected.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var e = expected[i].GetTensorDataAsSpan<float>().ToArray();
            var a = actual[i].GetTensorDataAsSpan<float>().ToArray();
            a.Length.ShouldBe(e.Length);
            a.Zip(e).Max(p => Math.Abs(p.First - p.Second)).ShouldBeLessThan(1e-3f);
        }

        using var wide = sizeFree.Run(new float[320 * 640 * 3], [1, 320, 640, 3]);
        wide.Sum(o => o.GetTensorTypeAndShape().ElementCount).ShouldBe(((40 * 20 * 2) + (20 * 10 * 6)) * (1 + BlazeFaceDecoder.RegressorsPerAnchor));
    }

    [Fact]
    public void A_face_is_found_at_the_same_place_at_every_level_that_can_see_it()
    {
        using var detector = new BlazeFaceDetector(
            engine.Models.GetOnnxPath(BlazeFaceDetector.ModelName), new FaceDetectorOptions(), new OnnxRuntimeOptions());
        var image = ImageDecoder.Decode(TestPaths.ReadSample(3));
        var centres = new List<(float X, float Y)>();
        foreach (var level in DetectionLevels.Plan(image.Width, image.Height, new FaceDetectorOptions { MinFaceSize = 60 }))
        {
            var found = new List<DetectedFace>();
            detector.DetectAtLevel(image, level, found);
            var largest = found.Where(f => f.Score > 0.8f).MaxBy(f => f.Box.Area).ShouldNotBeNull();
            centres.Add((largest.Box.CenterX, largest.Box.CenterY));
        }

        centres.Count.ShouldBeGreaterThanOrEqualTo(2);
        foreach (var (x, y) in centres)
        {
            x.ShouldBe(centres[0].X, image.Width * 0.03f);
            y.ShouldBe(centres[0].Y, image.Width * 0.03f);
        }
    }

    [Fact]
    public void Each_detection_carries_its_runner_up_and_the_analyzer_still_finds_a_profile_face()
    {
        using var detector = new BlazeFaceDetector(
            engine.Models.GetOnnxPath(BlazeFaceDetector.ModelName), new FaceDetectorOptions(), new OnnxRuntimeOptions());
        var image = ImageDecoder.Decode(TestPaths.ReadSample(2));
        var faces = detector.Detect(image, TestContext.Current.CancellationToken);

        faces.ShouldNotBeEmpty();
        foreach (var face in faces.Where(f => f.Alternative is not null))
        {
            face.Alternative!.Score.ShouldBeLessThanOrEqualTo(face.Score);
            face.Box.IntersectionOverUnion(face.Alternative.Box).ShouldBeGreaterThan(new FaceDetectorOptions().NmsIouThreshold);
        }
    }
}
