using FaceAspire.Evaluation.Engines;
using FaceAspire.Vision.Imaging;
using SkiaSharp;

namespace FaceAspire.Evaluation.Tests.Engines;

/// <summary>The Human peer, run for real in Node (pure-JavaScript TensorFlow.js) on a real photo.</summary>
public sealed class HumanPeerEngineTests
{
    [Fact]
    public void Human_finds_the_faces_of_a_sample_photo_with_emotions_and_embeddings_and_none_in_a_flat_image()
    {
        var dir = SamplePhotos.DirectoryOrSkip();
        var token = TestContext.Current.CancellationToken;

        // A third of sample1's 1920 px keeps the pure-JavaScript backend to a few seconds.
        var photo = Downscaled(Path.Combine(dir, "sample1.jpg"), 640);
        using var human = HumanPeerEngine.Start();

        var faces = human.Analyze(photo, EngineOutputs.Attributes | EngineOutputs.Embedding, token);

        faces.Count.ShouldBe(3);
        faces.ShouldAllBe(f => f.Detail.BoundingBox.Width > 0.05f && f.Detail.BoundingBox.Left >= 0 && f.Detail.BoundingBox.Left < 1);
        faces.ShouldAllBe(f => f.Detail.Emotions!.Count > 0 && f.Detail.Smile == null);
        faces.ShouldAllBe(f => f.Embedding!.Length == 1024 && Math.Abs(f.Embedding.Sum(x => x * x) - 1) < 1e-3);
        human.LastDetectMilliseconds.ShouldBeGreaterThan(0);

        human.Analyze(RgbImage.Create(320, 240, (_, _) => 0x808080), EngineOutputs.Boxes, token).ShouldBeEmpty();
    }

    internal static RgbImage Downscaled(string path, int width)
    {
        using var source = SKBitmap.Decode(path);
        var height = source.Height * width / source.Width;
        using var small = source.Resize(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque), new SKSamplingOptions(SKCubicResampler.Mitchell));
        var rgba = small.GetPixelSpan();
        var rgb = new byte[width * height * 3];
        for (int i = 0, j = 0; j < rgb.Length; i += 4, j += 3)
        {
            rgb[j] = rgba[i];
            rgb[j + 1] = rgba[i + 1];
            rgb[j + 2] = rgba[i + 2];
        }

        return new RgbImage(width, height, rgb);
    }
}
