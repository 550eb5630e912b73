using FaceAspire.Vision.Imaging;

namespace FaceAspire.Vision.Tests;

/// <summary>The canvas against the plain construction it is defined by: resize, fill with the mean colour, paste centred.</summary>
public sealed class PaddedCanvasTests
{
    [Theory]
    [InlineData(640, 480)] // unscaled: rows copied
    [InlineData(193, 400)] // unscaled, odd width
    [InlineData(150, 100)] // enlarged to 192
    [InlineData(1000, 700)] // shrunk to 640
    public void The_canvas_is_the_photo_resized_and_centred_on_its_mean_colour(int width, int height)
    {
        var random = new Random(width * height);
        var photo = RgbImage.Create(width, height, (_, _) => random.Next(0x1000000));

        var canvas = PaddedCanvas.Around(photo);

        var expected = Reference(photo, out var scale, out var left, out var top);
        canvas.Image.Pixels.ShouldBe(expected.Pixels);
        (canvas.Image.Width, canvas.Image.Height).ShouldBe((expected.Width, expected.Height));
        (canvas.Scale, canvas.OffsetX, canvas.OffsetY).ShouldBe((scale, left, top));
    }

    private static RgbImage Reference(RgbImage photo, out float scale, out float left, out float top)
    {
        var longSide = Math.Max(photo.Width, photo.Height);
        var factor = longSide < PaddedCanvas.MinPhotoSide ? (float)PaddedCanvas.MinPhotoSide / longSide
            : longSide > PaddedCanvas.MaxPhotoSide ? (float)PaddedCanvas.MaxPhotoSide / longSide
            : 1f;
        var width = Math.Max(1, (int)MathF.Round(photo.Width * factor));
        var height = Math.Max(1, (int)MathF.Round(photo.Height * factor));
        var (canvasWidth, canvasHeight) = (width * 2, height * 2);
        (left, top) = ((canvasWidth - width) / 2, (canvasHeight - height) / 2);
        scale = (float)width / photo.Width;

        var resized = new float[width * height * 3];
        ImageResizer.ResizeRgb(photo, width, height, resized, width, 1f, 0f);
        var sum = new long[3];
        for (var i = 0; i < photo.Pixels.Length; i++)
        {
            sum[i % 3] += photo.Pixels[i];
        }

        var count = (long)photo.Width * photo.Height;
        var pixels = new byte[canvasWidth * canvasHeight * 3];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)(sum[i % 3] / count);
        }

        for (var y = 0; y < height; y++)
        {
            for (var k = 0; k < width * 3; k++)
            {
                pixels[((((int)top + y) * canvasWidth) + (int)left) * 3 + k] = (byte)Math.Clamp(MathF.Round(resized[(y * width * 3) + k]), 0f, 255f);
            }
        }

        return new RgbImage(canvasWidth, canvasHeight, pixels);
    }
}
