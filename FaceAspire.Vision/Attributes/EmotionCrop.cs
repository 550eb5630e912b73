using FaceAspire.Vision.Imaging;
using FaceAspire.Vision.Landmarks;

namespace FaceAspire.Vision.Attributes;

/// <summary>
/// The grey face crop the trained emotion network reads: <see cref="Size"/> x <see cref="Size"/> pixels framed as
/// FER2013 pictures are (<see cref="EmotionClassifier.FerFrame"/>), luma (0.2989, 0.5870, 0.1140) on [0, 1].
/// Training reads the same crop with a border of <see cref="TrainingBorder"/> pixels around it (for shifted and
/// rotated copies); its centre is exactly the run-time crop.
/// </summary>
public static class EmotionCrop
{
    /// <summary>Side of the network's input in pixels (FER2013's own picture size).</summary>
    public const int Size = 48;

    /// <summary>Extra pixels on each side of the crops kept for training.</summary>
    public const int TrainingBorder = 8;

    /// <summary>Side of a training crop: <see cref="Size"/> plus the border on both sides.</summary>
    public const int TrainingSize = Size + (2 * TrainingBorder);

    /// <summary>Luma weights of the crop (ITU-R BT.601, as the FER2013 pictures' grey).</summary>
    internal static readonly (float R, float G, float B) Luma = (0.2989f, 0.5870f, 0.1140f);

    /// <summary>
    /// The transform from a square grid of <paramref name="size"/> + 2 <paramref name="border"/> pixels to image pixels
    /// whose centre <paramref name="size"/> x <paramref name="size"/> is <see cref="EmotionClassifier.FerFrame"/>'s grid.
    /// </summary>
    public static AffineTransform Frame(FaceMesh mesh, int size, int border)
    {
        var inner = EmotionClassifier.FerFrame(mesh, size);
        return inner.After(AffineTransform.Rectangle(-border, -border, size + (2 * border), size + (2 * border), size + (2 * border), size + (2 * border)));
    }

    /// <summary>
    /// The same grid laid on a whole FER2013-style picture instead of a found face: <see cref="EmotionClassifier.FerFrame"/>
    /// frames a face as the mean FER2013 picture shows it, shrunk by <see cref="EmotionClassifier.FrameZoom"/> about its
    /// centre, so on the picture itself that frame is the centred square of <see cref="EmotionClassifier.FrameZoom"/> of its side.
    /// </summary>
    public static AffineTransform PictureFrame(int width, int height, int size, int border)
    {
        var side = (width + height) / 2f * EmotionClassifier.FrameZoom;
        var pixel = side / size;
        var outer = side + (2 * border * pixel);
        return AffineTransform.Rectangle((width - outer) / 2, (height - outer) / 2, outer, outer, size + (2 * border), size + (2 * border));
    }

    /// <summary>Samples the crop with a border into <paramref name="destination"/> (row-major, [0, 1]).</summary>
    public static void Sample(RgbImage image, FaceMesh mesh, int border, bool mirrored, Span<float> destination) =>
        Sample(image, Frame(mesh, Size, border), border, mirrored, destination);

    /// <summary>Samples a crop with a border through <paramref name="frame"/> (row-major, [0, 1]).</summary>
    public static void Sample(RgbImage image, AffineTransform frame, int border, bool mirrored, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(image);
        var side = Size + (2 * border);
        ImageSampler.SampleGray(image, mirrored ? frame.MirroredHorizontally(side) : frame, side, side, destination, Luma, 1f / 255f, 0f);
    }
}
