using System.Text.Json.Serialization;
using FaceAspire.Evaluation.Datasets;
using FaceAspire.Vision.Imaging;
using SkiaSharp;

namespace FaceAspire.Evaluation.Benchmark;

/// <summary>A benchmark input: an encoded JPEG made at run time, and what it shows.</summary>
/// <param name="Name">Short name used in reports.</param>
/// <param name="Description">Size and content.</param>
/// <param name="Jpeg">The encoded photo (the engine decodes it on every call, as it would an upload).</param>
public sealed record BenchImage(string Name, string Description, [property: JsonIgnore] byte[] Jpeg);

/// <summary>
/// Composes the benchmark photos from the face photos in the npm package <c>@vladmandic/face-api</c>
/// (<c>demo/sample*.jpg</c>, installed by <c>npm ci</c>), so no image is ever stored in the repository:
/// a 1920x1280 photo with 4 faces (sample4, letterboxed), a 640x480 single face (cut around the largest face
/// of sample3, located with the supplied face finder), and a 1920x1280 group of four photos in a 2x2 grid
/// (sample1, 2, 3 and 5: 14 faces about 90-130 px wide).
/// </summary>
public static class BenchImages
{
    /// <summary>The folder with sample1.jpg..sample6.jpg, or null when the npm packages are not installed.</summary>
    public static string? SampleDirectory()
    {
        var root = EvalDataLocation.RepositoryRoot();
        var dir = root is null ? null : Path.Combine(root, "node_modules", "@vladmandic", "face-api", "demo");
        return dir is not null && File.Exists(Path.Combine(dir, "sample1.jpg")) ? dir : null;
    }

    /// <summary>Builds the three photos; <paramref name="largestFace"/> returns the largest face box (pixels) in an image.</summary>
    public static IReadOnlyList<BenchImage> Compose(string sampleDirectory, Func<RgbImage, (float Left, float Top, float Width, float Height)?> largestFace)
    {
        ArgumentNullException.ThrowIfNull(largestFace);
        using var s1 = Load(sampleDirectory, 1);
        using var s2 = Load(sampleDirectory, 2);
        using var s3 = Load(sampleDirectory, 3);
        using var s4 = Load(sampleDirectory, 4);
        using var s5 = Load(sampleDirectory, 5);

        var four = Canvas(1920, 1280, canvas => Fit(canvas, s4, SKRect.Create(0, 0, 1920, 1280)));

        var face = largestFace(ToRgb(s3)) ?? throw new InvalidOperationException("No face found in sample3.jpg to cut the single-face photo around.");
        var (cx, cy) = (face.Left + (face.Width / 2), face.Top + (face.Height / 2));
        var cropHeight = Math.Min(s3.Height, face.Height * 1.25f);
        var crop = SKRect.Create(cx - (cropHeight * 2 / 3), cy - (cropHeight / 2), cropHeight * 4 / 3, cropHeight);
        var single = Canvas(640, 480, canvas =>
        {
            using var image = SKImage.FromBitmap(s3);
            canvas.DrawImage(image, crop, SKRect.Create(0, 0, 640, 480), Sampling, Paint);
        });

        var group = Canvas(1920, 1280, canvas =>
        {
            Fit(canvas, s1, SKRect.Create(0, 0, 960, 640));
            Fit(canvas, s2, SKRect.Create(960, 0, 960, 640));
            Fit(canvas, s3, SKRect.Create(0, 640, 960, 640));
            Fit(canvas, s5, SKRect.Create(960, 640, 960, 640));
        });

        return
        [
            new BenchImage("four-faces", "1920x1280, 4 faces (sample4 letterboxed)", four),
            new BenchImage("single-face", "640x480, 1 face (cut around the largest face of sample3)", single),
            new BenchImage("group", "1920x1280, 2x2 grid of sample1/2/3/5 (14 faces)", group),
        ];
    }

    private static readonly SKPaint Paint = new() { IsAntialias = true };

    private static readonly SKSamplingOptions Sampling = new(SKCubicResampler.Mitchell);

    private static SKBitmap Load(string dir, int n) =>
        SKBitmap.Decode(Path.Combine(dir, $"sample{n}.jpg")) ?? throw new InvalidDataException($"sample{n}.jpg could not be decoded.");

    /// <summary>Draws <paramref name="bitmap"/> scaled to fit inside <paramref name="cell"/>, centred, aspect kept.</summary>
    private static void Fit(SKCanvas canvas, SKBitmap bitmap, SKRect cell)
    {
        var scale = Math.Min(cell.Width / bitmap.Width, cell.Height / bitmap.Height);
        var (w, h) = (bitmap.Width * scale, bitmap.Height * scale);
        using var image = SKImage.FromBitmap(bitmap);
        canvas.DrawImage(image, SKRect.Create(cell.Left + ((cell.Width - w) / 2), cell.Top + ((cell.Height - h) / 2), w, h), Sampling, Paint);
    }

    private static byte[] Canvas(int width, int height, Action<SKCanvas> draw)
    {
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        surface.Canvas.Clear(new SKColor(128, 128, 128));
        draw(surface.Canvas);
        using var image = surface.Snapshot();
        using var jpeg = image.Encode(SKEncodedImageFormat.Jpeg, 92);
        return jpeg.ToArray();
    }

    private static RgbImage ToRgb(SKBitmap bitmap)
    {
        using var rgba = bitmap.Copy(SKColorType.Rgba8888);
        var bytes = rgba.GetPixelSpan();
        var rgb = new byte[bitmap.Width * bitmap.Height * 3];
        for (int i = 0, j = 0; j < rgb.Length; i += 4, j += 3)
        {
            rgb[j] = bytes[i];
            rgb[j + 1] = bytes[i + 1];
            rgb[j + 2] = bytes[i + 2];
        }

        return new RgbImage(bitmap.Width, bitmap.Height, rgb);
    }
}
