using FaceAspire.Vision.Imaging;
using FaceAspire.Vision.Landmarks;

namespace FaceAspire.Vision.Attributes;

/// <summary>
/// Cheap pixel measures around the eyes against the cheeks beside them, for telling dark lenses from clear ones:
/// a square over each eye (1.3 eye widths) and one on each cheek below it (0.6 eye widths), sampled upright
/// (rotated with the face crop) at <see cref="Samples"/> x <see cref="Samples"/> points.
/// </summary>
public static class EyeRegionFeatures
{
    /// <summary>Values written by <see cref="Measure"/>.</summary>
    public const int Count = 6;

    private const int Samples = 10;
    private const int LeftCheek = 50;
    private const int RightCheek = 280;

    /// <summary>
    /// Writes, all scaled to 0-1: eye luma mean, cheek luma mean, eye luma / cheek luma (capped at 2), eye luma
    /// standard deviation, eye saturation (max - min channel) mean, cheek saturation mean.
    /// </summary>
    public static void Measure(RgbImage image, FaceMesh mesh, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(mesh);
        var angle = mesh.Crop.AngleRadians;
        var patch = new float[Samples * Samples * 3];
        var (eyeLuma, eyeSq, eyeSat, eyeN) = (0.0, 0.0, 0.0, 0);
        var (skinLuma, skinSat, skinN) = (0.0, 0.0, 0);
        foreach (var (contour, cheek) in new[] { (MeshIndices.LeftEyeContour, LeftCheek), (MeshIndices.RightEyeContour, RightCheek) })
        {
            var (cx, cy) = (0f, 0f);
            foreach (var i in contour)
            {
                cx += mesh[i].X;
                cy += mesh[i].Y;
            }

            (cx, cy) = (cx / contour.Length, cy / contour.Length);
            var width = Distance(mesh[contour[0]], mesh[contour[8]]);
            Accumulate(image, AffineTransform.SquareCrop(cx, cy, Math.Max(1.3f * width, 1f), angle, Samples), patch, ref eyeLuma, ref eyeSq, ref eyeSat, ref eyeN);
            var unused = 0.0;
            Accumulate(image, AffineTransform.SquareCrop(mesh[cheek].X, mesh[cheek].Y, Math.Max(0.6f * width, 1f), angle, Samples), patch, ref skinLuma, ref unused, ref skinSat, ref skinN);
        }

        var eyeMean = eyeLuma / eyeN;
        var skinMean = skinLuma / skinN;
        destination[0] = (float)eyeMean;
        destination[1] = (float)skinMean;
        destination[2] = (float)Math.Min(eyeMean / Math.Max(skinMean, 1e-3), 2.0);
        destination[3] = (float)Math.Sqrt(Math.Max((eyeSq / eyeN) - (eyeMean * eyeMean), 0));
        destination[4] = (float)(eyeSat / eyeN);
        destination[5] = (float)(skinSat / skinN);
    }

    private static void Accumulate(RgbImage image, AffineTransform toImage, float[] patch, ref double luma, ref double squares, ref double saturation, ref int count)
    {
        ImageSampler.SampleRgb(image, toImage, Samples, Samples, patch, 1f / 255f, 0f);
        for (var p = 0; p < patch.Length; p += 3)
        {
            var (r, g, b) = (patch[p], patch[p + 1], patch[p + 2]);
            var y = (0.299 * r) + (0.587 * g) + (0.114 * b);
            luma += y;
            squares += y * y;
            saturation += Math.Max(r, Math.Max(g, b)) - Math.Min(r, Math.Min(g, b));
            count++;
        }
    }

    private static float Distance(MeshPoint a, MeshPoint b) => MathF.Sqrt(((a.X - b.X) * (a.X - b.X)) + ((a.Y - b.Y) * (a.Y - b.Y)));
}
