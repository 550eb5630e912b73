using FaceAspire.Vision.Pipeline;
using FaceAspire.Vision.Rekognition;
using FaceAspire.Vision.Tests.Support;
using SkiaSharp;

namespace FaceAspire.Vision.Tests;

/// <summary>The whole engine on real photos: real models imported from the npm package, real ONNX Runtime.</summary>
public sealed class FaceAnalyzerTests(AnalyzerFixture engine) : IClassFixture<AnalyzerFixture>
{
    private FaceAnalyzer Analyzer => engine.Analyzer;

    [Fact]
    public void Models_load_on_first_use_or_all_at_once()
    {
        using var analyzer = new FaceAnalyzer(engine.Models);
        analyzer.ModelsLoaded.ShouldBeFalse("the attribute models load when a face first needs them");
        analyzer.Analyze(TestImages.Encode(64, 48, c => c.Clear(SKColors.White)), FaceAttributeSet.All, false, TestContext.Current.CancellationToken);
        analyzer.ModelsLoaded.ShouldBeFalse("a photo without a face needs no attribute model");

        analyzer.LoadModels();

        analyzer.ModelsLoaded.ShouldBeTrue();
    }

    [Fact]
    public void Stage_timings_cover_the_stages_that_ran_and_fit_inside_the_call()
    {
        var timings = new StageTimings();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var faces = Analyzer.Analyze(TestPaths.ReadSample(4), FaceAttributeSet.All, false, TestContext.Current.CancellationToken, timings);
        var wall = System.Diagnostics.Stopwatch.GetElapsedTime(started);

        faces.Count.ShouldBe(4);
        foreach (var stage in new[] { StageTimings.Decode, StageTimings.Detect, StageTimings.Mesh, StageTimings.Geometry, StageTimings.FaceRes, StageTimings.Emotion, StageTimings.Heads })
        {
            timings[stage].ShouldBeGreaterThan(TimeSpan.Zero, stage);
        }

        // No embedding was asked for, so that stage never ran.
        timings[StageTimings.Embedding].ShouldBe(TimeSpan.Zero);
        // The whole-photo stages run one after the other, inside the call.
        (timings[StageTimings.Decode] + timings[StageTimings.Detect]).ShouldBeLessThan(wall);
    }

    // Faces counted by eye in the face-api demo photos (group photos of 3 to 5 people, all faces visible).
    [Theory]
    [InlineData(1, 3)]
    [InlineData(3, 3)]
    [InlineData(4, 4)]
    [InlineData(5, 5)]
    public void Finds_every_face_in_the_demo_photos_with_landmarks_inside_the_box(int sample, int expectedFaces)
    {
        var faces = Analyzer.Analyze(TestPaths.ReadSample(sample), FaceAttributeSet.Default, false, TestContext.Current.CancellationToken);

        faces.Count.ShouldBe(expectedFaces);
        foreach (var face in faces.Select(f => f.Detail))
        {
            var box = face.BoundingBox;
            face.Confidence.ShouldBeInRange(50f, 100f);
            box.Left.ShouldBeGreaterThanOrEqualTo(-0.01f);
            box.Top.ShouldBeGreaterThanOrEqualTo(-0.01f);
            (box.Left + box.Width).ShouldBeLessThanOrEqualTo(1.01f);
            // The demo faces are 5-25 % of the image height; a box far outside that is no face box.
            box.Height.ShouldBeInRange(0.04f, 0.4f);
            (box.Width / box.Height).ShouldBeInRange(0.4f, 1.6f);
            face.Landmarks.ShouldNotBeNull().Count.ShouldBeGreaterThanOrEqualTo(27);
            foreach (var type in new[] { "eyeLeft", "eyeRight", "nose", "mouthLeft", "mouthRight" })
            {
                var point = face.Landmarks!.Single(l => l.Type == type);
                point.X.ShouldBeInRange(box.Left, box.Left + box.Width, type);
                point.Y.ShouldBeInRange(box.Top, box.Top + box.Height, type);
            }

            face.Pose.ShouldNotBeNull();
            face.Quality.ShouldNotBeNull().Brightness.ShouldBeInRange(0f, 100f);
            face.Emotions.ShouldBeNull();
            face.AgeRange.ShouldBeNull();
        }

        faces.Select(f => f.RelativeArea).ShouldBeInOrder(SortDirection.Descending);
    }

    [Fact]
    public void All_attributes_are_sensible_including_the_trained_heads()
    {
        var faces = Analyzer.Analyze(TestPaths.ReadSample(6), FaceAttributeSet.All, true, TestContext.Current.CancellationToken);

        faces.Count.ShouldBe(4);
        foreach (var (detail, embedding) in faces.Select(f => (f.Detail, f.Embedding)))
        {
            var emotions = detail.Emotions.ShouldNotBeNull();
            emotions.Select(e => e.Type).Distinct().Count().ShouldBe(emotions.Count);
            emotions.Sum(e => e.Confidence).ShouldBe(100f, 0.5f);
            var age = detail.AgeRange.ShouldNotBeNull();
            age.Low.ShouldBeLessThanOrEqualTo(age.High);
            // Young adults in the demo photo: the range must at least include twenty-odd years.
            age.Low.ShouldBeLessThan(30);
            age.High.ShouldBeGreaterThan(20);
            detail.Gender.ShouldNotBeNull().Value.ShouldBe(GenderValues.Female);
            // The trained heads answer every face; none of these young women has a beard or a mustache.
            detail.Eyeglasses.ShouldNotBeNull();
            detail.Sunglasses.ShouldNotBeNull();
            detail.Beard.ShouldNotBeNull().Value.ShouldBeFalse();
            detail.Mustache.ShouldNotBeNull().Value.ShouldBeFalse();
            var norm = MathF.Sqrt(embedding.ShouldNotBeNull().Sum(v => v * v));
            norm.ShouldBe(1f, 1e-3f);
        }

        // At least two of the four women in sample6 laugh openly.
        faces.Count(f => f.Detail.Emotions!.MaxBy(e => e.Confidence)!.Type == "HAPPY").ShouldBeGreaterThanOrEqualTo(2);
    }

    [Fact]
    public void A_photo_without_faces_yields_none()
    {
        var png = TestImages.Encode(640, 480, c =>
        {
            using var sky = new SKPaint { Shader = SKShader.CreateLinearGradient(new(0, 0), new(0, 480), [SKColors.SkyBlue, SKColors.SandyBrown], SKShaderTileMode.Clamp) };
            c.DrawRect(0, 0, 640, 480, sky);
            using var house = new SKPaint { Color = SKColors.Firebrick };
            c.DrawRect(80, 220, 200, 160, house);
            using var sun = new SKPaint { Color = SKColors.Gold };
            c.DrawCircle(520, 90, 45, sun);
        });

        Analyzer.Analyze(png, FaceAttributeSet.All, false, TestContext.Current.CancellationToken).ShouldBeEmpty();
    }

    [Fact]
    public void Concurrent_calls_on_one_analyzer_give_the_same_answer()
    {
        var photo = TestPaths.ReadSample(3);
        var results = new IReadOnlyList<AnalyzedFace>[4];
        Parallel.For(0, results.Length, i => results[i] = Analyzer.Analyze(photo, FaceAttributeSet.Default, false, TestContext.Current.CancellationToken));

        foreach (var result in results.Skip(1))
        {
            result.Select(f => f.Detail.BoundingBox).ShouldBe(results[0].Select(f => f.Detail.BoundingBox));
        }
    }

    [Fact]
    public void Undecodable_bytes_raise_a_clear_error()
    {
        Should.Throw<Imaging.ImageDecodeException>(() => Analyzer.Analyze("not an image"u8, FaceAttributeSet.Default, false, TestContext.Current.CancellationToken));
    }
}
