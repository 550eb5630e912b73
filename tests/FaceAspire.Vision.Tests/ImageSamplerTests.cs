using FaceAspire.Vision.Imaging;

namespace FaceAspire.Vision.Tests;

/// <summary>
/// The sampler against a plain one-channel-at-a-time reference of the same arithmetic: the same values bit for bit
/// for crops inside, across and beyond the border, rotated, mirrored, enlarged and shrunk (up to 4 x 4 taps), and on
/// images of one and two pixels, where the vector reads must not run past the pixels.
/// </summary>
public sealed class ImageSamplerTests
{
    [Fact]
    public void Rgb_samples_equal_the_reference_bit_for_bit()
    {
        var random = new Random(23);
        RgbImage[] images =
        [
            RgbImage.Create(97, 61, (x, y) => random.Next(0x1000000)),
            RgbImage.Create(1, 1, (_, _) => 0xFFFFFF),
            RgbImage.Create(2, 2, (x, y) => (x * 0x7F0000) + (y * 0x7F) + 0x00FF00),
            RgbImage.Create(3, 40, (x, y) => random.Next(0x1000000)),
        ];
        var compared = 0;
        foreach (var image in images)
        {
            for (var trial = 0; trial < 60; trial++)
            {
                var size = new[] { 1, 5, 6, 7, 24, 48, 64 }[random.Next(7)];
                var side = (0.2f + (random.NextSingle() * 5f)) * Math.Max(image.Width, image.Height);
                var transform = AffineTransform.SquareCrop(
                    (random.NextSingle() * 1.6f - 0.3f) * image.Width, (random.NextSingle() * 1.6f - 0.3f) * image.Height,
                    side, (random.NextSingle() - 0.5f) * 2f, size);
                if (random.Next(3) == 0)
                {
                    transform = transform.MirroredHorizontally(size);
                }

                var (scale, offset) = random.Next(2) == 0 ? (1f, 0f) : (1f / 127.5f, -1f);
                var expected = new float[size * size * 3];
                var actual = new float[size * size * 3];
                Reference(image, transform, size, size, expected, scale, offset);
                ImageSampler.SampleRgb(image, transform, size, size, actual, scale, offset);
                for (var i = 0; i < expected.Length; i++)
                {
                    BitConverter.SingleToInt32Bits(actual[i]).ShouldBe(
                        BitConverter.SingleToInt32Bits(expected[i]), $"{image.Width}x{image.Height}, trial {trial}, value {i}: {actual[i]} vs {expected[i]}");
                }

                compared++;
            }
        }

        compared.ShouldBe(240);
    }

    [Fact]
    public void Gray_is_the_weighted_sum_of_the_rgb_samples()
    {
        var image = RgbImage.Create(50, 40, (x, y) => ((x * 5) << 16) | ((y * 6) << 8) | ((x + y) * 2));
        var transform = AffineTransform.SquareCrop(25, 20, 30, 0.3f, 16);
        var rgb = new float[16 * 16 * 3];
        var gray = new float[16 * 16];
        ImageSampler.SampleRgb(image, transform, 16, 16, rgb, 1f, 0f);
        ImageSampler.SampleGray(image, transform, 16, 16, gray, (0.299f, 0.587f, 0.114f), 1f / 255f, 0f);
        for (var p = 0; p < gray.Length; p++)
        {
            gray[p].ShouldBe(((rgb[p * 3] * 0.299f) + (rgb[(p * 3) + 1] * 0.587f) + (rgb[(p * 3) + 2] * 0.114f)) / 255f, 1e-6f);
        }
    }

    // The arithmetic the sampler is defined by, one channel at a time.
    private static void Reference(RgbImage image, AffineTransform toImage, int width, int height, float[] destination, float scale, float offset)
    {
        var taps = Math.Clamp((int)MathF.Ceiling(toImage.Scale - 0.25f), 1, 4);
        var weight = 1f / (taps * taps);
        var i = 0;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                float r = 0f, g = 0f, b = 0f;
                for (var ty = 0; ty < taps; ty++)
                {
                    for (var tx = 0; tx < taps; tx++)
                    {
                        var (sx, sy) = toImage.Apply(x + ((tx + 0.5f) / taps), y + ((ty + 0.5f) / taps));
                        var (px, py) = (sx - 0.5f, sy - 0.5f);
                        var x0 = (int)MathF.Floor(px);
                        var y0 = (int)MathF.Floor(py);
                        var fx = px - x0;
                        var fy = py - y0;
                        Add(x0, y0, weight * (1 - fx) * (1 - fy));
                        Add(x0 + 1, y0, weight * fx * (1 - fy));
                        Add(x0, y0 + 1, weight * (1 - fx) * fy);
                        Add(x0 + 1, y0 + 1, weight * fx * fy);
                    }
                }

                destination[i++] = (r * scale) + offset;
                destination[i++] = (g * scale) + offset;
                destination[i++] = (b * scale) + offset;

                void Add(int px, int py, float w)
                {
                    if (w == 0f || px < 0 || py < 0 || px >= image.Width || py >= image.Height)
                    {
                        return;
                    }

                    var at = ((py * image.Width) + px) * 3;
                    r += image.Pixels[at] * w;
                    g += image.Pixels[at + 1] * w;
                    b += image.Pixels[at + 2] * w;
                }
            }
        }
    }
}
