namespace FaceAspire.Vision.Detection;

/// <summary>
/// Plans the scale pyramid the detector looks at: each level is the whole photo resized by one factor and
/// padded to a multiple of <see cref="Alignment"/>. The finest level makes a face of
/// <see cref="FaceDetectorOptions.MinFaceSize"/> pixels as large as the smallest face the detector finds
/// (<see cref="SmallestInputFace"/>), within the size cap <see cref="FaceDetectorOptions.MaxLevelSide"/> and never
/// enlarged; the coarsest shows the whole photo at the detector's trained input size,
/// and levels in between are spaced evenly, no further apart than <see cref="FaceDetectorOptions.LevelStep"/>.
/// </summary>
public static class DetectionLevels
{
    /// <summary>Input sizes are rounded up to a multiple of this, BlazeFace's coarsest stride.</summary>
    public const int Alignment = 32;

    /// <summary>Side of the square input BlazeFace-back was trained on; the coarsest level fits the photo in it.</summary>
    public const int TrainedSize = 256;

    /// <summary>
    /// Height in input pixels of the smallest faces BlazeFace-back still finds reliably. Measured on the group
    /// photos of the evaluation set resized step by step: every face of 12-16 input pixels found (scores 0.57-0.97),
    /// misses from about 8 pixels. It keeps finding whole faces up to about 250 input pixels, a range of 20x,
    /// so levels several times apart still overlap.
    /// </summary>
    public const float SmallestInputFace = 12f;

    /// <summary>
    /// Height in input pixels above which a face found at a finer level is left to a coarser level that found a face
    /// there. A face several times this size at a fine level comes out as confident fragments (eyes, half a face,
    /// 130-210 pixels for a 400-pixel face on the evaluation photos) that would outscore and suppress the whole face
    /// found one level up, where it is small. With <see cref="FaceDetectorOptions.LevelStep"/> 5 a face of this size
    /// is about 25 pixels one level up.
    /// </summary>
    public const float LargestInputFace = 128f;

    public static IReadOnlyList<DetectionLevel> Plan(int imageWidth, int imageHeight, FaceDetectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(imageWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(imageHeight);
        var longSide = Math.Max(imageWidth, imageHeight);
        var coarsest = (float)TrainedSize / longSide;
        var finest = Math.Min(1f, Math.Min(SmallestInputFace / options.MinFaceSize, (float)options.MaxLevelSide / longSide));
        if (!options.EnableSmallFaces || finest <= coarsest)
        {
            return [Level(imageWidth, imageHeight, coarsest, float.PositiveInfinity)];
        }

        var steps = (int)Math.Ceiling(Math.Log(finest / coarsest) / Math.Log(options.LevelStep));
        var ratio = MathF.Pow(finest / coarsest, 1f / steps);
        var levels = new List<DetectionLevel>(steps + 1);
        for (var i = 0; i <= steps; i++)
        {
            levels.Add(Level(imageWidth, imageHeight, finest / MathF.Pow(ratio, i), i == steps ? float.PositiveInfinity : LargestInputFace));
        }

        return levels;
    }

    private static DetectionLevel Level(int imageWidth, int imageHeight, float scale, float largestFace)
    {
        var width = Math.Max(1, (int)MathF.Round(imageWidth * scale));
        var height = Math.Max(1, (int)MathF.Round(imageHeight * scale));
        return new DetectionLevel(width, height, RoundUp(width), RoundUp(height), (float)width / imageWidth, (float)height / imageHeight, largestFace);
    }

    private static int RoundUp(int size) => (size + Alignment - 1) / Alignment * Alignment;
}

/// <summary>
/// One pyramid level: the photo resized to <paramref name="Width"/> x <paramref name="Height"/> (factors
/// <paramref name="ScaleX"/>, <paramref name="ScaleY"/>) at the top left of an <paramref name="InputWidth"/> x
/// <paramref name="InputHeight"/> detector input, the rest black; faces higher than <paramref name="LargestFace"/>
/// input pixels found there give way to a face a coarser level found at the same place.
/// </summary>
public sealed record DetectionLevel(int Width, int Height, int InputWidth, int InputHeight, float ScaleX, float ScaleY, float LargestFace);
