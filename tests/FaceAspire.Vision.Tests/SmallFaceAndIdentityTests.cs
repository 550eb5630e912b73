using System.Globalization;
using FaceAspire.Vision.Attributes;
using FaceAspire.Vision.Calibration;
using FaceAspire.Vision.Pipeline;
using FaceAspire.Vision.Tests.Support;
using SkiaSharp;

namespace FaceAspire.Vision.Tests;

/// <summary>Engine checks on the labelled eval photos (skipped where that folder is absent).</summary>
public sealed class SmallFaceAndIdentityTests(AnalyzerFixture engine) : IClassFixture<AnalyzerFixture>
{
    [Fact]
    public void Tiling_finds_faces_about_20_pixels_high_in_a_1920_pixel_wide_photo()
    {
        // A group photo of 8 people (faces ~32 px high at 800 px wide) shrunk so faces are ~20 px high and
        // placed in a 1920x1280 frame: whole-image detection at 256 px would see 3-pixel faces.
        var path = TestPaths.EvalFile(Path.Combine("compreface_samples", "images", "016_8.jpg"));
        using var group = SKBitmap.Decode(path);
        var scale = 0.62f;
        var jpeg = TestImages.Encode(1920, 1280, c =>
        {
            c.Clear(new SKColor(200, 200, 190));
            using var image = SKImage.FromBitmap(group);
            c.DrawImage(image, SKRect.Create(600, 500, group.Width * scale, group.Height * scale), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        }, SKEncodedImageFormat.Jpeg);

        var faces = engine.Analyzer.Analyze(jpeg, FaceAttributeSet.Default, false, TestContext.Current.CancellationToken);

        faces.Count.ShouldBeGreaterThanOrEqualTo(7);
        faces.Count.ShouldBeLessThanOrEqualTo(8);
        foreach (var face in faces)
        {
            (face.Detail.BoundingBox.Height * 1280).ShouldBeInRange(12f, 32f);
            (face.Detail.BoundingBox.Left * 1920).ShouldBeInRange(600f, 600f + (group.Width * scale));
        }
    }

    [Fact]
    public void The_same_person_is_more_similar_than_different_people()
    {
        var list = TestPaths.EvalFile(Path.Combine("deepface_pairs", "identities.csv"));
        var root = Path.GetDirectoryName(list)!;
        var chosen = File.ReadLines(list).Skip(1).Select(l => l.Split(','))
            .Where(c => c[1] is "angelina_jolie" or "matt_damon" or "katy_perry")
            .GroupBy(c => c[1]).SelectMany(g => g.Take(3))
            .Select(c => (Identity: c[1], Embedding: Embed(Path.Combine(root, c[0]))))
            .ToList();

        var same = new List<float>();
        var different = new List<float>();
        for (var i = 0; i < chosen.Count; i++)
        {
            for (var j = i + 1; j < chosen.Count; j++)
            {
                var cosine = FaceComparison.Cosine(chosen[i].Embedding, chosen[j].Embedding);
                (chosen[i].Identity == chosen[j].Identity ? same : different).Add(cosine);
            }
        }

        same.Count.ShouldBe(9);
        var message = string.Create(CultureInfo.InvariantCulture, $"same {same.Average():0.000}, different {different.Average():0.000}");
        same.Average().ShouldBeGreaterThan(different.Average() + 0.15f, message);
        same.Min().ShouldBeGreaterThan(different.Average(), message);
    }

    [Fact]
    public void A_same_person_pair_matches_at_the_shipped_threshold_and_different_people_do_not()
    {
        var root = Path.GetDirectoryName(TestPaths.EvalFile(Path.Combine("deepface_pairs", "identities.csv")))!;
        var calibration = FittedCalibration.Similarity.ShouldNotBeNull();
        var jolie = Analyze(Path.Combine(root, "images", "img1.jpg"));
        var jolieAgain = Analyze(Path.Combine(root, "images", "img2.jpg"));
        var perry = Analyze(Path.Combine(root, "images", "img26.jpg"));

        var same = FaceComparison.Compare(jolie, jolieAgain, FaceComparison.DefaultThreshold, calibration);
        var different = FaceComparison.Compare(jolie, perry, FaceComparison.DefaultThreshold, calibration);

        same.FaceMatches.ShouldHaveSingleItem().Similarity.ShouldBeGreaterThanOrEqualTo(FaceComparison.DefaultThreshold);
        different.FaceMatches.ShouldBeEmpty();
        different.UnmatchedFaces.Count.ShouldBe(perry.Count);
        jolie.MaxBy(f => f.RelativeArea).ShouldNotBeNull().Embedding.ShouldNotBeNull().Length.ShouldBe(AlignedFaceEmbedder.DescriptorSize);
    }

    private IReadOnlyList<AnalyzedFace> Analyze(string path) =>
        engine.Analyzer.Analyze(File.ReadAllBytes(path), FaceAttributeSet.Default, true, TestContext.Current.CancellationToken);

    private float[] Embed(string path) =>
        engine.Analyzer.Analyze(File.ReadAllBytes(path), FaceAttributeSet.Default, true, TestContext.Current.CancellationToken)
            .MaxBy(f => f.RelativeArea).ShouldNotBeNull(path).Embedding!;
}
