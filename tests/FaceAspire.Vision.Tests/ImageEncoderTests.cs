using FaceAspire.Vision.Imaging;
using SkiaSharp;

namespace FaceAspire.Vision.Tests;

public sealed class ImageEncoderTests
{
    // Left half red, right half blue, a green square in the middle of the left half.
    private static readonly RgbImage Picture = RgbImage.Create(80, 40, (x, y) =>
        x is >= 10 and < 30 && y is >= 10 and < 30 ? 0x00FF00 : x < 40 ? 0xFF0000 : 0x0000FF);

    private static (int R, int G, int B) Pixel(RgbImage image, int x, int y)
    {
        var i = ((y * image.Width) + x) * 3;
        return (image.Pixels[i], image.Pixels[i + 1], image.Pixels[i + 2]);
    }

    private static void ShouldBeNear((int R, int G, int B) actual, (int R, int G, int B) expected)
    {
        Math.Abs(actual.R - expected.R).ShouldBeLessThan(40, $"{actual} vs {expected}");
        Math.Abs(actual.G - expected.G).ShouldBeLessThan(40, $"{actual} vs {expected}");
        Math.Abs(actual.B - expected.B).ShouldBeLessThan(40, $"{actual} vs {expected}");
    }

    [Fact]
    public void Bitmap_keeps_every_channel_in_place()
    {
        using var bitmap = ImageEncoder.ToBitmap(Picture);
        bitmap.GetPixel(0, 0).ShouldBe(new SKColor(255, 0, 0));
        bitmap.GetPixel(20, 20).ShouldBe(new SKColor(0, 255, 0));
        bitmap.GetPixel(79, 39).ShouldBe(new SKColor(0, 0, 255));
    }

    [Fact]
    public void Jpeg_decodes_back_to_the_same_picture_through_the_one_decoder()
    {
        var decoded = ImageDecoder.Read(ImageEncoder.EncodeJpeg(Picture, 95));
        decoded.Format.ShouldBe(ImageFormat.Jpeg);
        (decoded.Pixels.Width, decoded.Pixels.Height).ShouldBe((80, 40));
        ShouldBeNear(Pixel(decoded.Pixels, 2, 2), (255, 0, 0));
        ShouldBeNear(Pixel(decoded.Pixels, 20, 20), (0, 255, 0));
        ShouldBeNear(Pixel(decoded.Pixels, 70, 30), (0, 0, 255));
    }

    [Theory]
    [InlineData(40, 40, 20)]
    [InlineData(320, 80, 40)]
    public void Thumbnail_fits_the_longer_side_and_never_grows(int maxSide, int width, int height)
    {
        var thumbnail = ImageDecoder.Decode(ImageEncoder.EncodeThumbnail(Picture, maxSide, 80));
        (thumbnail.Width, thumbnail.Height).ShouldBe((width, height));
        ShouldBeNear(Pixel(thumbnail, thumbnail.Width - 2, thumbnail.Height / 2), (0, 0, 255));
    }

    [Fact]
    public void Crop_scales_a_region_and_fills_beyond_the_edges()
    {
        // The green square, with a margin that reaches past the top-left corner.
        var crop = ImageDecoder.Decode(ImageEncoder.EncodeCrop(Picture, SKRect.Create(-10, -10, 60, 60), 30, SKColors.Gray, 95));
        (crop.Width, crop.Height).ShouldBe((30, 30));
        ShouldBeNear(Pixel(crop, 2, 2), (128, 128, 128));
        ShouldBeNear(Pixel(crop, 15, 15), (0, 255, 0));
    }
}
