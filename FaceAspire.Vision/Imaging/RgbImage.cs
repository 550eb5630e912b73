namespace FaceAspire.Vision.Imaging;

/// <summary>
/// An upright (EXIF orientation applied) 8-bit RGB image, rows top to bottom, 3 bytes per pixel.
/// Immutable once built, so any number of threads may sample it at once.
/// </summary>
public sealed class RgbImage
{
    public RgbImage(int width, int height, byte[] pixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentNullException.ThrowIfNull(pixels);
        if (pixels.Length != checked(width * height * 3))
        {
            throw new ArgumentException("Pixel buffer must hold width * height * 3 bytes.", nameof(pixels));
        }

        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Interleaved R, G, B bytes.</summary>
    public byte[] Pixels { get; }

    /// <summary>Builds an image from a function of (x, y) returning a packed 0xRRGGBB colour; handy for tests and tools.</summary>
    public static RgbImage Create(int width, int height, Func<int, int, int> rgbAt)
    {
        ArgumentNullException.ThrowIfNull(rgbAt);
        var pixels = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var rgb = rgbAt(x, y);
                var i = ((y * width) + x) * 3;
                pixels[i] = (byte)(rgb >> 16);
                pixels[i + 1] = (byte)(rgb >> 8);
                pixels[i + 2] = (byte)rgb;
            }
        }

        return new RgbImage(width, height, pixels);
    }
}
