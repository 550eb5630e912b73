using FaceAspire.Vision.Imaging;
using FaceAspire.Vision.Tests.Support;
using SkiaSharp;

namespace FaceAspire.Vision.Tests;

public sealed class ImageDecoderTests
{
    private static byte[] RedLeftBlueRight(SKEncodedImageFormat format, int width = 40, int height = 20) => TestImages.Encode(width, height, c =>
    {
        c.Clear(SKColors.Blue);
        using var red = new SKPaint { Color = SKColors.Red };
        c.DrawRect(0, 0, width / 2f, height, red);
    }, format);

    private static (int R, int G, int B) Pixel(RgbImage image, int x, int y)
    {
        var i = ((y * image.Width) + x) * 3;
        return (image.Pixels[i], image.Pixels[i + 1], image.Pixels[i + 2]);
    }

    [Fact]
    public void Grayscale_png_decodes_to_equal_channels()
    {
        var png = TestImages.Encode(16, 8, c => c.Clear(new SKColor(100, 100, 100)), colorType: SKColorType.Gray8);
        var image = ImageDecoder.Decode(png);
        image.Width.ShouldBe(16);
        var (r, g, b) = Pixel(image, 3, 3);
        r.ShouldBe(g);
        g.ShouldBe(b);
        r.ShouldBeInRange(95, 105);
    }

    [Fact]
    public void Upright_colours_keep_their_channel_order_and_translucent_pixels_sit_on_white()
    {
        var png = TestImages.Encode(9, 3, c =>
        {
            c.Clear(new SKColor(10, 120, 230));
            using var half = new SKPaint { Color = new SKColor(0, 0, 0, 128), BlendMode = SKBlendMode.Src };
            c.DrawRect(5, 0, 4, 3, half);
        });

        var image = ImageDecoder.Decode(png);

        Pixel(image, 1, 1).ShouldBe((10, 120, 230));
        Pixel(image, 8, 2).R.ShouldBeInRange(125, 129);
        Pixel(image, 8, 2).B.ShouldBeInRange(125, 129);
    }

    [Fact]
    public void Sixteen_bit_png_decodes_to_eight_bit_colour()
    {
        var image = ImageDecoder.Decode(TestImages.Rgb16Png(10, 6, 0xFFFF, 0x8000, 0x0000));
        image.Height.ShouldBe(6);
        var (r, g, b) = Pixel(image, 5, 5);
        r.ShouldBe(255);
        g.ShouldBeInRange(126, 130);
        b.ShouldBe(0);
    }

    [Fact]
    public void Palette_png_decodes_its_colours()
    {
        var image = ImageDecoder.Decode(TestImages.PalettePng(20, 4));
        Pixel(image, 2, 1).ShouldBe((255, 0, 0));
        Pixel(image, 17, 1).ShouldBe((0, 0, 255));
    }

    [Fact]
    public void Exif_orientation_is_applied()
    {
        var jpeg = RedLeftBlueRight(SKEncodedImageFormat.Jpeg);
        var upright = ImageDecoder.Decode(jpeg);
        (upright.Width, upright.Height).ShouldBe((40, 20));

        // Orientation 6: the stored raster must be turned 90 degrees clockwise to be upright, so its left (red)
        // half ends up on top.
        var rotated = ImageDecoder.Decode(TestImages.WithExifOrientation(jpeg, 6));
        (rotated.Width, rotated.Height).ShouldBe((20, 40));
        Pixel(rotated, 10, 5).R.ShouldBeGreaterThan(200);
        Pixel(rotated, 10, 35).B.ShouldBeGreaterThan(200);
    }

    [Fact]
    public void Zero_bytes_are_refused_clearly()
    {
        var ex = Should.Throw<ImageDecodeException>(() => ImageDecoder.Decode([]));
        ex.Message.ShouldContain("empty");
        ex.Reason.ShouldBe(ImageDecodeFailure.Empty);
    }

    [Fact]
    public void Text_is_refused_clearly()
    {
        var ex = Should.Throw<ImageDecodeException>(() => ImageDecoder.Decode("name,age\nada,36\n"u8));
        ex.Message.ShouldContain("not a readable image");
        ex.Reason.ShouldBe(ImageDecodeFailure.UnsupportedFormat);
    }

    [Fact]
    public void Truncated_jpeg_is_refused_clearly()
    {
        var jpeg = RedLeftBlueRight(SKEncodedImageFormat.Jpeg, 400, 300);
        var ex = Should.Throw<ImageDecodeException>(() => ImageDecoder.Decode(jpeg.AsSpan(0, jpeg.Length / 3)));
        ex.Message.ShouldContain("truncated");
        ex.Reason.ShouldBe(ImageDecodeFailure.Corrupt);
    }

    [Fact]
    public void A_known_signature_with_a_broken_header_is_corrupt_not_unsupported()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4, 5, 6, 7, 8];
        var ex = Should.Throw<ImageDecodeException>(() => ImageDecoder.Decode(png));
        ex.Reason.ShouldBe(ImageDecodeFailure.Corrupt);
        ex.Message.ShouldContain("Png header is malformed");
    }

    [Theory]
    [InlineData(SKEncodedImageFormat.Jpeg, ImageFormat.Jpeg)]
    [InlineData(SKEncodedImageFormat.Png, ImageFormat.Png)]
    [InlineData(SKEncodedImageFormat.Webp, ImageFormat.WebP)]
    public void Read_reports_the_format_from_the_bytes(SKEncodedImageFormat encoded, ImageFormat expected)
    {
        var image = ImageDecoder.Read(RedLeftBlueRight(encoded, 40, 20));
        image.Format.ShouldBe(expected);
        (image.Pixels.Width, image.Pixels.Height).ShouldBe((40, 20));
    }

    [Fact]
    public void Oversized_images_are_refused_before_decoding()
    {
        var png = RedLeftBlueRight(SKEncodedImageFormat.Png, 200, 100);
        var ex = Should.Throw<ImageDecodeException>(() => ImageDecoder.Decode(png, maxPixels: 10_000));
        ex.Message.ShouldContain("over the limit");
        ex.Reason.ShouldBe(ImageDecodeFailure.TooManyPixels);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(5, 3)]
    [InlineData(64, 37)]
    public void Upright_rgba_becomes_rgb_with_translucent_pixels_over_white_wherever_they_are(int width, int height)
    {
        var random = new Random(width * 1000 + height);
        var rgba = new byte[width * height * 4];
        random.NextBytes(rgba);
        for (var p = 0; p < width * height; p++)
        {
            // Most pixels opaque, as in photos; the rest translucent or clear, alone or in runs, at every offset of a four-pixel block.
            rgba[(p * 4) + 3] = random.Next(4) == 0 ? (byte)random.Next(255) : (byte)255;
        }

        var image = ImageDecoder.Orient(rgba, width, height, SKEncodedOrigin.TopLeft);

        for (var p = 0; p < width * height; p++)
        {
            int alpha = rgba[(p * 4) + 3];
            for (var c = 0; c < 3; c++)
            {
                var expected = alpha == 255 ? rgba[(p * 4) + c] : (byte)(((rgba[(p * 4) + c] * alpha) + (255 * (255 - alpha)) + 127) / 255);
                image.Pixels[(p * 3) + c].ShouldBe(expected, $"pixel {p}, channel {c}, alpha {alpha}");
            }
        }
    }
}
