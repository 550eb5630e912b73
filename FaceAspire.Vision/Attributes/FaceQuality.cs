using FaceAspire.Vision.Imaging;
using FaceAspire.Vision.Landmarks;
using FaceAspire.Vision.Rekognition;

namespace FaceAspire.Vision.Attributes;

/// <summary>
/// Brightness and sharpness of the inner face, measured on a fixed-size upright grey crop so that numbers
/// compare across image sizes. Brightness is mean luma as a percentage of white. Sharpness is the variance
/// of the 4-neighbour Laplacian mapped to 0-100 by <c>100 (1 - exp(-variance / SharpnessScale))</c>;
/// a face seen through few pixels is upsampled into the crop and so scores as soft, as it should.
/// </summary>
public static class FaceQuality
{
    /// <summary>Laplacian variance (on 0-255 luma) that maps to 63 sharpness.</summary>
    public const float SharpnessScale = 150f;

    private const int CropSize = 96;

    /// <summary>The mesh crop frames the face with a margin; this share of it is the inner face.</summary>
    private const float InnerFaceShare = 0.6f;

    public static ImageQuality Measure(RgbImage image, FaceMesh mesh)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        var gray = new float[CropSize * CropSize];
        var crop = mesh.Crop.Scaled(InnerFaceShare).ToImage(CropSize);
        ImageSampler.SampleGray(image, crop, CropSize, CropSize, gray, (0.299f, 0.587f, 0.114f), 1f, 0f);
        return new ImageQuality(Brightness(gray), Sharpness(gray, CropSize));
    }

    internal static float Brightness(ReadOnlySpan<float> gray)
    {
        var sum = 0f;
        foreach (var v in gray)
        {
            sum += v;
        }

        return Math.Clamp(sum / gray.Length / 255f * 100f, 0f, 100f);
    }

    internal static float Sharpness(ReadOnlySpan<float> gray, int size)
    {
        double sum = 0, sumSquares = 0;
        var count = 0;
        for (var y = 1; y < size - 1; y++)
        {
            for (var x = 1; x < size - 1; x++)
            {
                var i = (y * size) + x;
                double laplacian = gray[i - 1] + gray[i + 1] + gray[i - size] + gray[i + size] - (4 * gray[i]);
                sum += laplacian;
                sumSquares += laplacian * laplacian;
                count++;
            }
        }

        var mean = sum / count;
        var variance = (sumSquares / count) - (mean * mean);
        return (float)(100 * (1 - Math.Exp(-variance / SharpnessScale)));
    }
}
