using SkiaSharp;

namespace FaceAspire.Api.Imaging;

/// <summary>Turns a decoded bitmap upright according to its EXIF orientation.</summary>
public static class ImageOrientation
{
    /// <summary>Returns a new upright bitmap; the caller disposes both.</summary>
    public static SKBitmap Apply(SKBitmap source, SKEncodedOrigin origin)
    {
        float w = source.Width, h = source.Height;
        // Each matrix maps a source pixel to its upright position (x' = a*x + b*y + c, y' = d*x + e*y + f).
        var (matrix, swapsSides) = origin switch
        {
            SKEncodedOrigin.TopRight => (new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1), false),
            SKEncodedOrigin.BottomRight => (new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1), false),
            SKEncodedOrigin.BottomLeft => (new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1), false),
            SKEncodedOrigin.LeftTop => (new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1), true),
            SKEncodedOrigin.RightTop => (new SKMatrix(0, -1, h, 1, 0, 0, 0, 0, 1), true),
            SKEncodedOrigin.RightBottom => (new SKMatrix(0, -1, h, -1, 0, w, 0, 0, 1), true),
            SKEncodedOrigin.LeftBottom => (new SKMatrix(0, 1, 0, -1, 0, w, 0, 0, 1), true),
            _ => (SKMatrix.Identity, false),
        };

        var info = new SKImageInfo(
            swapsSides ? source.Height : source.Width,
            swapsSides ? source.Width : source.Height,
            source.ColorType,
            source.AlphaType);
        var upright = new SKBitmap(info);
        using var canvas = new SKCanvas(upright);
        canvas.SetMatrix(matrix);
        using var image = SKImage.FromBitmap(source);
        // Orientation moves whole pixels, so nearest sampling is exact.
        canvas.DrawImage(image, 0, 0, new SKSamplingOptions(SKFilterMode.Nearest), paint: null);
        return upright;
    }
}
