using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace FaceAspire.Vision.Imaging;

/// <summary>
/// Fills model input buffers (NHWC floats) from an <see cref="RgbImage"/> through an <see cref="AffineTransform"/>.
/// Bilinear taps; when one output pixel spans several source pixels it averages an n x n grid of taps,
/// so a 1920 px photo shrunk to a 256 px detector input keeps small faces instead of aliasing them away.
/// Pixels outside the image read as black, as TensorFlow's crop-and-resize does.
/// </summary>
/// <remarks>
/// Every face crop of the engine goes through here (two FaceMesh passes, FaceRes, four emotion views, quality and
/// eye patches per face), so the inner loop carries a pixel's R, G, B in one vector (the lanes each do the scalar
/// arithmetic of one channel, so the values are the same bit for bit as one channel at a time: ImageSamplerTests)
/// and reads the pixels without bounds checks where all four taps of a bilinear sample lie inside the image.
/// </remarks>
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
        Span<float> tapOffsets = stackalloc float[taps];
        for (var t = 0; t < taps; t++)
        {
            tapOffsets[t] = (t + 0.5f) / taps;
        }

        var pixels = new Pixels(image);
        var vectorScale = Vector128.Create(scale);
        var vectorOffset = Vector128.Create(offset);
        ref var output = ref MemoryMarshal.GetReference(destination);
        var i = 0;
        for (var y = 0; y < outHeight; y++)
        {
            for (var x = 0; x < outWidth; x++)
            {
                var rgb = Vector128<float>.Zero;
                for (var ty = 0; ty < taps; ty++)
                {
                    var v = y + tapOffsets[ty];
                    for (var tx = 0; tx < taps; tx++)
                    {
                        var (sx, sy) = outputToImage.Apply(x + tapOffsets[tx], v);
                        pixels.AddBilinear(sx - 0.5f, sy - 0.5f, weight, ref rgb);
                    }
                }

                var value = (rgb * vectorScale) + vectorOffset;
                Unsafe.Add(ref output, i++) = value.GetElement(0);
                Unsafe.Add(ref output, i++) = value.GetElement(1);
                Unsafe.Add(ref output, i++) = value.GetElement(2);
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

        var rgb = ArrayPool<float>.Shared.Rent(count * 3);
        try
        {
            SampleRgb(image, outputToImage, outWidth, outHeight, rgb, 1f, 0f);
            for (var p = 0; p < count; p++)
            {
                var luma = (rgb[p * 3] * weights.R) + (rgb[(p * 3) + 1] * weights.G) + (rgb[(p * 3) + 2] * weights.B);
                destination[p] = (luma * scale) + offset;
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rgb);
        }
    }

    /// <summary>The image's bytes with what the bilinear taps need to read them.</summary>
    private readonly ref struct Pixels(RgbImage image)
    {
        private readonly ref byte first = ref MemoryMarshal.GetArrayDataReference(image.Pixels);
        private readonly int width = image.Width;
        private readonly int height = image.Height;
        private readonly int stride = image.Width * 3;

        // A four-byte read (one pixel and the next one's first byte) starting at or before this offset stays inside the image.
        private readonly int lastWideRead = image.Pixels.Length - 4;

        /// <summary>Adds the bilinear sample at (<paramref name="x"/>, <paramref name="y"/>) times <paramref name="weight"/> to <paramref name="rgb"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void AddBilinear(float x, float y, float weight, ref Vector128<float> rgb)
        {
            var x0 = (int)MathF.Floor(x);
            var y0 = (int)MathF.Floor(y);
            var fx = x - x0;
            var fy = y - y0;
            var w00 = weight * (1 - fx) * (1 - fy);
            var w10 = weight * fx * (1 - fy);
            var w01 = weight * (1 - fx) * fy;
            var w11 = weight * fx * fy;
            var at = (y0 * stride) + (x0 * 3);
            if ((uint)x0 < (uint)(width - 1) && (uint)y0 < (uint)(height - 1) && at + stride + 3 <= lastWideRead)
            {
                ref var top = ref Unsafe.Add(ref first, at);
                ref var bottom = ref Unsafe.Add(ref top, stride);
                rgb += Read(ref top) * w00;
                rgb += Read(ref Unsafe.Add(ref top, 3)) * w10;
                rgb += Read(ref bottom) * w01;
                rgb += Read(ref Unsafe.Add(ref bottom, 3)) * w11;
                return;
            }

            AddAtEdge(x0, y0, w00, ref rgb);
            AddAtEdge(x0 + 1, y0, w10, ref rgb);
            AddAtEdge(x0, y0 + 1, w01, ref rgb);
            AddAtEdge(x0 + 1, y0 + 1, w11, ref rgb);
        }

        /// <summary>One tap near or beyond the border: pixels outside the image add nothing (black).</summary>
        private void AddAtEdge(int x, int y, float weight, ref Vector128<float> rgb)
        {
            if (weight == 0f || (uint)x >= (uint)width || (uint)y >= (uint)height)
            {
                return;
            }

            ref var pixel = ref Unsafe.Add(ref first, ((y * width) + x) * 3);
            rgb += Vector128.Create(pixel, Unsafe.Add(ref pixel, 1), Unsafe.Add(ref pixel, 2), 0f) * weight;
        }

        /// <summary>R, G, B of the pixel at <paramref name="pixel"/> (and the next byte, ignored) as floats.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector128<float> Read(ref byte pixel) => Vector128.ConvertToSingle(
            Vector128.WidenLower(Vector128.WidenLower(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<uint>(ref pixel)).AsByte())).AsInt32());
    }
}
