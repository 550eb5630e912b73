using SkiaSharp;

namespace FaceAspire.Evaluation.Imaging;

/// <summary>
/// Reads an evaluation image as bytes the engine accepts: JPEG and PNG as they are, TIFF converted to PNG
/// (lossless), so every engine sees exactly the same pixels.
/// </summary>
public static class EvalImageFiles
{
    /// <summary>The encoded bytes of <paramref name="path"/>, converted to PNG when it is a TIFF.</summary>
    public static byte[] ReadForEngine(string path)
    {
        var bytes = File.ReadAllBytes(path);
        return IsTiff(path) ? GrayToPng(GrayTiffReader.Read(bytes)) : bytes;
    }

    /// <summary>True for the extensions the engine cannot decode itself.</summary>
    public static bool IsTiff(string path) =>
        path.EndsWith(".tif", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".tiff", StringComparison.OrdinalIgnoreCase);

    /// <summary>Encodes a grey raster as an RGB PNG.</summary>
    public static byte[] GrayToPng((int Width, int Height, byte[] Gray) image)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var pixels = new byte[image.Width * image.Height * 4];
        for (var i = 0; i < image.Gray.Length; i++)
        {
            pixels[(i * 4) + 0] = image.Gray[i];
            pixels[(i * 4) + 1] = image.Gray[i];
            pixels[(i * 4) + 2] = image.Gray[i];
            pixels[(i * 4) + 3] = 255;
        }

        System.Runtime.InteropServices.Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
        using var png = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }
}
