using FaceAspire.Vision.Imaging;
using FaceAspire.Vision.Pipeline;
using FaceAspire.Vision.Tests.Support;

namespace FaceAspire.Vision.Tests;

/// <summary>
/// Faces that fill or overfill the photo (tight crops: profile pictures, passport photos), found by the engine's
/// second look on a padded canvas, with geometry in the photo's own frame.
/// </summary>
public sealed class PaddedPassTests(AnalyzerFixture engine) : IClassFixture<AnalyzerFixture>
{
    [Fact]
    public void Tight_crops_of_the_demo_faces_are_found_with_geometry_in_the_crop_and_clamped_to_it()
    {
        var cancel = TestContext.Current.CancellationToken;
        using var firstPassOnly = new FaceAnalyzer(engine.Models, new FaceAnalyzerOptions { PaddedPassBelowScore = 0f });
        var (crops, foundByFirstPass) = (0, 0);
        foreach (var sample in new[] { 1, 6 })
        {
            var photo = ImageDecoder.Decode(TestPaths.ReadSample(sample));
            foreach (var face in engine.Analyzer.Analyze(photo, FaceAttributeSet.Default, false, cancel))
            {
                // The face's box with 8 % cut off each side: the face overfills the crop.
                var b = face.Detail.BoundingBox;
                var (left, top) = ((int)((b.Left + (0.08f * b.Width)) * photo.Width), (int)((b.Top + (0.08f * b.Height)) * photo.Height));
                var crop = Crop(photo, left, top, (int)(0.84f * b.Width * photo.Width), (int)(0.84f * b.Height * photo.Height));
                crops++;
                foundByFirstPass += firstPassOnly.Analyze(crop, FaceAttributeSet.Default, false, cancel).Count > 0 ? 1 : 0;

                var found = engine.Analyzer.Analyze(crop, FaceAttributeSet.Default, false, cancel);
                var detail = found.ShouldHaveSingleItem().Detail;
                var box = detail.BoundingBox;
                box.Left.ShouldBeGreaterThanOrEqualTo(0f);
                box.Top.ShouldBeGreaterThanOrEqualTo(0f);
                (box.Left + box.Width).ShouldBeLessThanOrEqualTo(1f + 1e-5f);
                (box.Top + box.Height).ShouldBeLessThanOrEqualTo(1f + 1e-5f);
                // The face fills the crop, so after clamping its box covers nearly all of it.
                box.Width.ShouldBeGreaterThan(0.85f);
                box.Height.ShouldBeGreaterThan(0.85f);
                detail.Landmarks.ShouldNotBeNull().ShouldAllBe(l => l.X >= 0f && l.X <= 1f && l.Y >= 0f && l.Y <= 1f);
                // The crop's nose is where the face found in the whole photo has it, in the crop's own frame.
                var nose = detail.Landmarks!.Single(l => l.Type == "nose");
                var expected = face.Detail.Landmarks!.Single(l => l.Type == "nose");
                nose.X.ShouldBe(((expected.X * photo.Width) - left) / crop.Width, 0.08);
                nose.Y.ShouldBe(((expected.Y * photo.Height) - top) / crop.Height, 0.08);
            }
        }

        crops.ShouldBe(7);
        // Without the padded look, most of these crops show no face at all (the rest only fragments of one).
        foundByFirstPass.ShouldBeLessThanOrEqualTo(crops / 2);
    }

    [Theory]
    [InlineData(48, 48)]
    [InlineData(112, 112)]
    [InlineData(178, 218)]
    [InlineData(640, 480)]
    public void Faceless_noise_stays_faceless(int width, int height)
    {
        var random = new Random(width * 31 + height);
        var coarse = Enumerable.Range(0, 64).Select(_ => random.Next(0x1000000)).ToArray();
        // Blotches of 1/8 of the side, with fine grain on top: a texture, no face.
        var noise = RgbImage.Create(width, height, (x, y) =>
        {
            var cell = coarse[((y * 8 / height) * 8) + (x * 8 / width)];
            var grain = random.Next(48);
            return ((Math.Min(255, ((cell >> 16) & 0xFF) + grain)) << 16) | ((Math.Min(255, ((cell >> 8) & 0xFF) + grain)) << 8) | Math.Min(255, (cell & 0xFF) + grain);
        });

        engine.Analyzer.Analyze(noise, FaceAttributeSet.Default, false, TestContext.Current.CancellationToken).ShouldBeEmpty();
    }

    [Fact]
    public void The_canvas_centres_the_photo_on_its_mean_colour_and_maps_points_back()
    {
        // A 48x48 crop: left half black, right half white -> mean grey 127; enlarged to 192, on a 384 canvas.
        var crop = RgbImage.Create(48, 48, (x, _) => x < 24 ? 0x000000 : 0xFFFFFF);

        var canvas = PaddedCanvas.Around(crop);

        (canvas.Image.Width, canvas.Image.Height).ShouldBe((384, 384));
        Pixel(canvas.Image, 5, 5).ShouldBe((byte)127);
        Pixel(canvas.Image, 96 + 10, 192).ShouldBe((byte)0);
        Pixel(canvas.Image, 96 + 180, 192).ShouldBe((byte)255);
        canvas.ToPhoto(96, 96).ShouldBe((0f, 0f));
        canvas.ToPhoto(288, 192).ShouldBe((48f, 24f));

        // A large photo is shrunk to 640 on its long side first.
        var large = PaddedCanvas.Around(RgbImage.Create(1920, 1280, (_, _) => 0x808080));
        (large.Image.Width, large.Image.Height).ShouldBe((1280, 854));
        large.ToPhoto(320, 213.5f).X.ShouldBe(0f, 0.01f);
    }

    private static RgbImage Crop(RgbImage photo, int left, int top, int width, int height) =>
        RgbImage.Create(width, height, (x, y) =>
        {
            var i = (((top + y) * photo.Width) + left + x) * 3;
            return (photo.Pixels[i] << 16) | (photo.Pixels[i + 1] << 8) | photo.Pixels[i + 2];
        });

    private static byte Pixel(RgbImage image, int x, int y) => image.Pixels[((y * image.Width) + x) * 3];
}
