using FaceAspire.Vision.Imaging;

namespace FaceAspire.Vision.Tests;

public sealed class ImageResizerTests
{
    [Fact]
    public void Shrinking_by_a_whole_factor_averages_each_block()
    {
        // 4x2 image: left 2x2 block values 0, 40, 80, 120 (mean 60), right block all 200.
        byte[] gray = [0, 40, 200, 200, 80, 120, 200, 200];
        var image = new RgbImage(4, 2, [.. gray.SelectMany(v => new[] { v, (byte)(255 - v), v })]);
        var output = new float[2 * 1 * 3];

        ImageResizer.ResizeRgb(image, 2, 1, output, 2, 1f, 0f);

        output[0].ShouldBe(60f, 1e-3f);
        output[1].ShouldBe(195f, 1e-3f);
        output[3].ShouldBe(200f, 1e-3f);
        output[5].ShouldBe(200f, 1e-3f);
    }

    [Fact]
    public void Shrinking_by_a_fractional_factor_keeps_the_mean_and_a_flat_image_flat()
    {
        var rng = new Random(7);
        var pixels = new byte[97 * 61 * 3];
        rng.NextBytes(pixels);
        var image = new RgbImage(97, 61, pixels);
        var output = new float[40 * 25 * 3];

        ImageResizer.ResizeRgb(image, 40, 25, output, 40, 1f, 0f);

        ((double)output.Average()).ShouldBe(pixels.Average(b => (double)b), 1.5);
        var flat = new RgbImage(97, 61, Enumerable.Repeat((byte)77, 97 * 61 * 3).ToArray());
        ImageResizer.ResizeRgb(flat, 40, 25, output, 40, 2f, -1f);
        output.ShouldAllBe(v => Math.Abs(v - 153f) < 1e-3f);
    }

    [Fact]
    public void Output_goes_to_the_top_left_of_a_wider_buffer_and_the_padding_is_left_alone()
    {
        var image = RgbImage.Create(8, 8, (x, y) => 0x102030);
        var output = Enumerable.Repeat(-1f, 6 * 5 * 3).ToArray();

        ImageResizer.ResizeRgb(image, 4, 4, output, 6, 1f, 0f);

        for (var y = 0; y < 5; y++)
        {
            for (var x = 0; x < 6; x++)
            {
                var r = output[((y * 6) + x) * 3];
                r.ShouldBe(x < 4 && y < 4 ? 16f : -1f, 1e-4f);
            }
        }
    }

    [Fact]
    public void Enlarging_interpolates_between_pixel_centres()
    {
        var image = new RgbImage(2, 1, [0, 0, 0, 100, 100, 100]);
        var output = new float[4 * 1 * 3];

        ImageResizer.ResizeRgb(image, 4, 1, output, 4, 1f, 0f);

        // Output centres 0.5..3.5 map to source 0.25, 0.75, 1.25, 1.75 (minus 0.5 for pixel centres), clamped at the edges.
        output.Where((_, i) => i % 3 == 0).ShouldBe([0f, 25f, 75f, 100f], tolerance: 1e-3f);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Rows_shared_among_threads_give_the_same_values_as_one_thread(int parallelism)
    {
        var random = new Random(parallelism);
        var image = RgbImage.Create(641, 479, (_, _) => random.Next(0x1000000));
        var alone = new float[400 * 300 * 3];
        var shared = new float[400 * 300 * 3];
        shared.AsSpan().Fill(float.NaN);

        ImageResizer.ResizeRgb(image, 385, 300, alone, 400, 1f / 127.5f, -1f);
        ImageResizer.ResizeRgb(image, 385, 300, shared, 400, 1f / 127.5f, -1f, parallelism);

        for (var y = 0; y < 300; y++)
        {
            for (var i = 0; i < 385 * 3; i++)
            {
                var at = (y * 400 * 3) + i;
                BitConverter.SingleToInt32Bits(shared[at]).ShouldBe(BitConverter.SingleToInt32Bits(alone[at]), $"row {y}, value {i}");
            }
        }
    }
}
