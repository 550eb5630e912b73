using FaceAspire.Evaluation.Imaging;
using FaceAspire.Vision.Imaging;

namespace FaceAspire.Evaluation.Tasks;

/// <summary>Loads eval photos into upright RGB, and pads tight face crops so a detector sees a face with context.</summary>
public static class EvalImages
{
    /// <summary>Decodes <paramref name="path"/> (JPEG, PNG, or the grey TIFF of JAFFE) with the engine's own decoder.</summary>
    public static RgbImage Load(string path) => ImageDecoder.Decode(EvalImageFiles.ReadForEngine(path));

    /// <summary>
    /// A tight crop (FER2013's 48x48, an aligned CelebA face) fills the frame, which face detectors trained
    /// on photos rarely accept. This scales the crop (bilinear) so its longer side is at least
    /// <paramref name="minSide"/> pixels and centres it on a canvas twice that size, filled with the crop's
    /// mean colour. Both engines get the same padded pixels; the report counts how often padding was needed.
    /// </summary>
    public static RgbImage PadCrop(RgbImage crop, int minSide = 192)
    {
        ArgumentNullException.ThrowIfNull(crop);
        var scale = Math.Max(1.0, (double)minSide / Math.Max(crop.Width, crop.Height));
        var (w, h) = ((int)Math.Round(crop.Width * scale), (int)Math.Round(crop.Height * scale));
        var (cw, ch) = (w * 2, h * 2);
        var mean = new int[3];
        for (var i = 0; i < crop.Pixels.Length; i++)
        {
            mean[i % 3] += crop.Pixels[i];
        }

        var fill = mean.Select(m => (byte)(m / (crop.Width * crop.Height))).ToArray();
        var pixels = new byte[cw * ch * 3];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = fill[i % 3];
        }

        var (ox, oy) = ((cw - w) / 2, (ch - h) / 2);
        for (var y = 0; y < h; y++)
        {
            var sy = Math.Clamp(((y + 0.5) / scale) - 0.5, 0, crop.Height - 1);
            var (y0, fy) = ((int)sy, sy - (int)sy);
            var y1 = Math.Min(y0 + 1, crop.Height - 1);
            for (var x = 0; x < w; x++)
            {
                var sx = Math.Clamp(((x + 0.5) / scale) - 0.5, 0, crop.Width - 1);
                var (x0, fx) = ((int)sx, sx - (int)sx);
                var x1 = Math.Min(x0 + 1, crop.Width - 1);
                var d = (((oy + y) * cw) + ox + x) * 3;
                for (var c = 0; c < 3; c++)
                {
                    double At(int px, int py) => crop.Pixels[(((py * crop.Width) + px) * 3) + c];
                    var top = (At(x0, y0) * (1 - fx)) + (At(x1, y0) * fx);
                    var bottom = (At(x0, y1) * (1 - fx)) + (At(x1, y1) * fx);
                    pixels[d + c] = (byte)Math.Round((top * (1 - fy)) + (bottom * fy));
                }
            }
        }

        return new RgbImage(cw, ch, pixels);
    }
}
