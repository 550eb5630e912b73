using System.Buffers;
using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace FaceAspire.Vision.Imaging;

/// <summary>
/// Resizes a whole <see cref="RgbImage"/> into an NHWC float buffer in two separable passes, for detector
/// inputs. Shrinking averages every source pixel an output pixel covers (area filter, partial pixels
/// weighted by coverage), so a photo shrunk several times keeps small faces instead of aliasing them away;
/// enlarging interpolates bilinearly. The vertical pass runs on whole rows with SIMD vectors.
/// </summary>
public static class ImageResizer
{
    /// <summary>
    /// Writes <c>value * scale + offset</c> for R, G, B of the image resized to <paramref name="outWidth"/> x
    /// <paramref name="outHeight"/>, into the top-left corner of <paramref name="destination"/>, whose rows are
    /// <paramref name="destinationWidth"/> pixels long. Pixels of the destination outside that corner are left as they are.
    /// </summary>
    public static void ResizeRgb(
        RgbImage image, int outWidth, int outHeight, Span<float> destination, int destinationWidth, float scale, float offset)
    {
        Validate(image, outWidth, outHeight, destination.Length, destinationWidth);
        ResizeRows(image, outWidth, destination, destinationWidth, scale, offset, Taps.Cached(image.Width, outWidth), Taps.Cached(image.Height, outHeight), 0, outHeight);
    }

    /// <summary>
    /// <see cref="ResizeRgb(RgbImage, int, int, Span{float}, int, float, float)"/> with the output rows shared among up to
    /// <paramref name="parallelism"/> threads; each row is computed as on one thread, so the values are the same.
    /// </summary>
    public static void ResizeRgb(
        RgbImage image, int outWidth, int outHeight, float[] destination, int destinationWidth, float scale, float offset, int parallelism)
    {
        ArgumentNullException.ThrowIfNull(destination);
        Validate(image, outWidth, outHeight, destination.Length, destinationWidth);
        var columns = Taps.Cached(image.Width, outWidth);
        var rows = Taps.Cached(image.Height, outHeight);
        var parts = Math.Clamp(parallelism, 1, Math.Max(1, outHeight / MinRowsPerPart));
        if (parts == 1)
        {
            ResizeRows(image, outWidth, destination, destinationWidth, scale, offset, columns, rows, 0, outHeight);
            return;
        }

        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, part =>
            ResizeRows(image, outWidth, destination, destinationWidth, scale, offset, columns, rows, outHeight * part / parts, outHeight * (part + 1) / parts));
    }

    // Below this many output rows per thread, handing rows to another thread costs more than it saves.
    private const int MinRowsPerPart = 64;

    private static void Validate(RgbImage image, int outWidth, int outHeight, int destinationLength, int destinationWidth)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outHeight);
        ArgumentOutOfRangeException.ThrowIfLessThan(destinationWidth, outWidth);
        if (destinationLength < (long)destinationWidth * outHeight * 3)
        {
            throw new ArgumentException("Destination is smaller than destinationWidth * outHeight * 3.", "destination");
        }
    }

    // Called a couple of times per photo, so the tiered JIT would run it unoptimised for the first dozen photos after a start.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ResizeRows(
        RgbImage image, int outWidth, Span<float> destination, int destinationWidth, float scale, float offset, Taps columns, Taps rows, int fromRow, int toRow)
    {
        var rowLength = image.Width * 3;
        var accumulator = ArrayPool<float>.Shared.Rent(rowLength);
        try
        {
            var sum = accumulator.AsSpan(0, rowLength);
            for (var y = fromRow; y < toRow; y++)
            {
                sum.Clear();
                var (first, count) = rows.Range(y);
                for (var k = 0; k < count; k++)
                {
                    var weight = rows.Weights[(y * rows.MaxCount) + k];
                    AddScaledRow(image.Pixels.AsSpan((first + k) * rowLength, rowLength), weight, sum);
                }

                var target = destination.Slice(y * destinationWidth * 3, outWidth * 3);
                for (var x = 0; x < outWidth; x++)
                {
                    var (left, taps) = columns.Range(x);
                    float r = 0, g = 0, b = 0;
                    var weights = columns.Weights.AsSpan(x * columns.MaxCount, taps);
                    var source = sum.Slice(left * 3, taps * 3);
                    for (var k = 0; k < weights.Length; k++)
                    {
                        r += source[k * 3] * weights[k];
                        g += source[(k * 3) + 1] * weights[k];
                        b += source[(k * 3) + 2] * weights[k];
                    }

                    target[x * 3] = (r * scale) + offset;
                    target[(x * 3) + 1] = (g * scale) + offset;
                    target[(x * 3) + 2] = (b * scale) + offset;
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(accumulator);
        }
    }

    /// <summary><c>sum += row * weight</c>, bytes widened to floats a vector at a time.</summary>
    private static void AddScaledRow(ReadOnlySpan<byte> row, float weight, Span<float> sum)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated && row.Length >= Vector<byte>.Count)
        {
            var w = new Vector<float>(weight);
            ref var sumRef = ref MemoryMarshal.GetReference(sum);
            var floatsPerVector = Vector<float>.Count;
            for (; i <= row.Length - Vector<byte>.Count; i += Vector<byte>.Count)
            {
                var bytes = new Vector<byte>(row.Slice(i, Vector<byte>.Count));
                Vector.Widen(bytes, out var low, out var high);
                Vector.Widen(low, out var a, out var b);
                Vector.Widen(high, out var c, out var d);
                Accumulate(ref Unsafe.Add(ref sumRef, i), Vector.ConvertToSingle(a), w);
                Accumulate(ref Unsafe.Add(ref sumRef, i + floatsPerVector), Vector.ConvertToSingle(b), w);
                Accumulate(ref Unsafe.Add(ref sumRef, i + (2 * floatsPerVector)), Vector.ConvertToSingle(c), w);
                Accumulate(ref Unsafe.Add(ref sumRef, i + (3 * floatsPerVector)), Vector.ConvertToSingle(d), w);
            }
        }

        for (; i < row.Length; i++)
        {
            sum[i] += row[i] * weight;
        }
    }

    private static void Accumulate(ref float target, Vector<float> values, Vector<float> weight)
    {
        ref var slot = ref Unsafe.As<float, Vector<float>>(ref target);
        slot += values * weight;
    }

    /// <summary>Per output index: the first source index, how many follow, and their weights (summing to 1).</summary>
    private sealed class Taps
    {
        // Photos of a few sizes recur (a camera's, a phone's), each resized to the same levels: their taps are kept,
        // up to CacheCapacity pairs of lengths, instead of being recomputed (and allocated) on every call.
        private const int CacheCapacity = 64;
        private static readonly ConcurrentDictionary<(int Source, int Out), Taps> Cache = new();

        private Taps(int[] first, int[] count, float[] weights, int maxCount)
        {
            First = first;
            Count = count;
            Weights = weights;
            MaxCount = maxCount;
        }

        public int[] First { get; }

        public int[] Count { get; }

        public float[] Weights { get; }

        public int MaxCount { get; }

        public (int First, int Count) Range(int index) => (First[index], Count[index]);

        public static Taps Cached(int sourceLength, int outLength)
        {
            if (Cache.TryGetValue((sourceLength, outLength), out var taps))
            {
                return taps;
            }

            if (Cache.Count >= CacheCapacity)
            {
                Cache.Clear();
            }

            return Cache.GetOrAdd((sourceLength, outLength), key => For(key.Source, key.Out));
        }

        private static Taps For(int sourceLength, int outLength)
        {
            var step = (double)sourceLength / outLength;
            var maxCount = step > 1 ? (int)Math.Ceiling(step) + 1 : 2;
            var first = new int[outLength];
            var count = new int[outLength];
            var weights = new float[outLength * maxCount];
            for (var o = 0; o < outLength; o++)
            {
                if (step > 1)
                {
                    Area(o, step, sourceLength, out first[o], out count[o], weights.AsSpan(o * maxCount, maxCount));
                }
                else
                {
                    Bilinear(o, step, sourceLength, out first[o], out count[o], weights.AsSpan(o * maxCount, maxCount));
                }
            }

            return new Taps(first, count, weights, maxCount);
        }

        // Output pixel o covers source [o * step, (o + 1) * step); each source pixel weighs by the share it covers.
        private static void Area(int o, double step, int sourceLength, out int first, out int count, Span<float> weights)
        {
            var start = o * step;
            var end = Math.Min(sourceLength, (o + 1) * step);
            first = (int)Math.Floor(start);
            var last = Math.Min(sourceLength - 1, (int)Math.Ceiling(end) - 1);
            count = last - first + 1;
            for (var k = 0; k < count; k++)
            {
                var pixel = first + k;
                var covered = Math.Min(end, pixel + 1) - Math.Max(start, pixel);
                weights[k] = (float)(covered / (end - start));
            }
        }

        // Output pixel centre o + 0.5 maps to source (o + 0.5) * step; taps on the two nearest pixel centres, clamped at the edges.
        private static void Bilinear(int o, double step, int sourceLength, out int first, out int count, Span<float> weights)
        {
            var x = Math.Clamp(((o + 0.5) * step) - 0.5, 0, sourceLength - 1);
            first = Math.Min((int)Math.Floor(x), Math.Max(0, sourceLength - 2));
            count = Math.Min(2, sourceLength);
            var fraction = (float)(x - first);
            weights[0] = count == 1 ? 1f : 1f - fraction;
            if (count == 2)
            {
                weights[1] = fraction;
            }
        }
    }
}
