namespace FaceAspire.Vision.Imaging;

/// <summary>
/// Fills model input buffers (NHWC floats) from an <see cref="RgbImage"/> through an <see cref="AffineTransform"/>.
/// Bilinear taps; when one output pixel spans several source pixels it averages an n x n grid of taps,
/// so a 1920 px photo shrunk to a 256 px detector input keeps small faces instead of aliasing them away.
/// Pixels outside the image read as black, as TensorFlow's crop-and-resize does.
/// </summary>
public static class ImageSampler
{
    private const int MaxTapsPerAxis = 4;

    /// <summary>Writes <c>value * scale + offset</c> for R, G, B of each output pixel, row-major.</summary>
    public static void SampleRgb(
        RgbImage image, AffineTransform outputToImage, int outWidth, int outHeight, Span<float> destination, float scale, float offset)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (destination.Length < outWidth * outHeight * 3)
        {
            throw new ArgumentException("Destination is smaller than outWidth * outHeight * 3.", nameof(destination));
        }

        var taps = Math.Clamp((int)MathF.Ceiling(outputToImage.Scale - 0.25f), 1, MaxTapsPerAxis);
        var weight = 1f / (taps * taps);
        Span<float> rgb = stackalloc float[3];
        var i = 0;
        for (var y = 0; y < outHeight; y++)
        {
            for (var x = 0; x < outWidth; x++)
            {
                rgb.Clear();
                for (var ty = 0; ty < taps; ty++)
                {
                    for (var tx = 0; tx < taps; tx++)
                    {
                        var (sx, sy) = outputToImage.Apply(x + ((tx + 0.5f) / taps), y + ((ty + 0.5f) / taps));
                        AddBilinear(image, sx - 0.5f, sy - 0.5f, weight, rgb);
                    }
                }

                destination[i++] = (rgb[0] * scale) + offset;
                destination[i++] = (rgb[1] * scale) + offset;
                destination[i++] = (rgb[2] * scale) + offset;
            }
        }
    }

    /// <summary>Samples RGB, then collapses to one luma channel with the given weights: <c>(wR r + wG g + wB b) * scale + offset</c>.</summary>
    public static void SampleGray(
        RgbImage image, AffineTransform outputToImage, int outWidth, int outHeight, Span<float> destination,
        (float R, float G, float B) weights, float scale, float offset)
    {
        var count = outWidth * outHeight;
        if (destination.Length < count)
        {
            throw new ArgumentException("Destination is smaller than outWidth * outHeight.", nameof(destination));
        }

        var rgb = new float[count * 3];
        SampleRgb(image, outputToImage, outWidth, outHeight, rgb, 1f, 0f);
        for (var p = 0; p < count; p++)
        {
            var luma = (rgb[p * 3] * weights.R) + (rgb[(p * 3) + 1] * weights.G) + (rgb[(p * 3) + 2] * weights.B);
            destination[p] = (luma * scale) + offset;
        }
    }

    private static void AddBilinear(RgbImage image, float x, float y, float weight, Span<float> rgb)
    {
        var x0 = (int)MathF.Floor(x);
        var y0 = (int)MathF.Floor(y);
        var fx = x - x0;
        var fy = y - y0;
        AddPixel(image, x0, y0, weight * (1 - fx) * (1 - fy), rgb);
        AddPixel(image, x0 + 1, y0, weight * fx * (1 - fy), rgb);
        AddPixel(image, x0, y0 + 1, weight * (1 - fx) * fy, rgb);
        AddPixel(image, x0 + 1, y0 + 1, weight * fx * fy, rgb);
    }

    private static void AddPixel(RgbImage image, int x, int y, float weight, Span<float> rgb)
    {
        if (weight == 0f || (uint)x >= (uint)image.Width || (uint)y >= (uint)image.Height)
        {
            return;
        }

        var i = ((y * image.Width) + x) * 3;
        var pixels = image.Pixels;
        rgb[0] += pixels[i] * weight;
        rgb[1] += pixels[i + 1] * weight;
        rgb[2] += pixels[i + 2] * weight;
    }
}
