using FaceAspire.Vision.Imaging;
using FaceAspire.Vision.Landmarks;
using FaceAspire.Vision.Rekognition;
using FaceAspire.Vision.Runtime;

namespace FaceAspire.Vision.Attributes;

/// <summary>
/// The mini-Xception FER2013 classifier (oarriaga/face_classification): a 64x64 grey crop, luma with
/// weights (0.2989, 0.5870, 0.1140) on [0, 1] mapped to [-1, 1], in; softmax over angry, disgust, fear,
/// happy, sad, surprise, neutral out. Neutral is reported as CALM. FER2013 has no "confused" class, so
/// CONFUSED is always reported with confidence 0 rather than a share invented from other classes.
/// The crop is framed the way FER2013's faces are (<see cref="FerFrame"/>), and the reported probabilities
/// are the mean over the crop and its mirror image.
/// </summary>
public sealed class EmotionClassifier : IEmotionClassifier, IDisposable
{
    /// <summary>Model name for <see cref="Models.IOnnxModelProvider"/>.</summary>
    public const string ModelName = "emotion";

    private static readonly string[] ModelClasses =
    [
        EmotionTypes.Angry, EmotionTypes.Disgusted, EmotionTypes.Fear, EmotionTypes.Happy,
        EmotionTypes.Sad, EmotionTypes.Surprised, EmotionTypes.Calm,
    ];

    /// <summary>
    /// Where a FER2013 picture lies around the face, in the coordinates of the 112 px ArcFace template of
    /// <see cref="FivePointAlignment"/>: the mean, over the faces the engine finds in the train half of FER2013
    /// PublicTest (split by file name), of each 48x48 picture's corners mapped into the face's template frame.
    /// </summary>
    internal static readonly (float Left, float Top, float Right, float Bottom) FerPicture = (-1.16f, 5.90f, 114.26f, 122.60f);

    /// <summary>Side of the crop relative to the mean FER2013 picture, and its centre's shift down as a share of it; chosen on the same train half.</summary>
    internal const float FrameZoom = 0.9f;

    /// <inheritdoc cref="FrameZoom"/>
    internal const float FrameShift = 0f;

    private readonly OnnxModelSession session;
    private readonly int inputSize;
    private readonly int output;

    public EmotionClassifier(string onnxPath, OnnxRuntimeOptions runtime)
    {
        session = new OnnxModelSession(onnxPath, runtime);
        inputSize = session.InputShape[1] > 0 ? session.InputShape[1] : 64;
        output = session.OutputWithLastDimension(ModelClasses.Length);
    }

    public IReadOnlyList<Emotion> Classify(RgbImage image, FaceMesh mesh)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        var input = new float[inputSize * inputSize];
        var toImage = FerFrame(mesh, inputSize);
        Span<float> probabilities = stackalloc float[ModelClasses.Length];
        foreach (var view in (ReadOnlySpan<AffineTransform>)[toImage, toImage.MirroredHorizontally(inputSize)])
        {
            ImageSampler.SampleGray(image, view, inputSize, inputSize, input, (0.2989f, 0.5870f, 0.1140f), 2f / 255f, -1f);
            using var outputs = session.Run(input, [1, inputSize, inputSize, 1]);
            var viewProbabilities = outputs[output].GetTensorDataAsSpan<float>();
            for (var i = 0; i < probabilities.Length; i++)
            {
                probabilities[i] += viewProbabilities[i] / 2;
            }
        }

        var emotions = new List<Emotion>(ModelClasses.Length + 1);
        for (var i = 0; i < ModelClasses.Length; i++)
        {
            emotions.Add(new Emotion(ModelClasses[i], Math.Clamp(probabilities[i] * 100f, 0f, 100f)));
        }

        emotions.Add(new Emotion(EmotionTypes.Confused, 0f));
        return [.. emotions.OrderByDescending(e => e.Confidence)];
    }

    /// <summary>The transform from a <paramref name="size"/>-square input to image pixels that frames the face as FER2013 pictures do.</summary>
    internal static AffineTransform FerFrame(FaceMesh mesh, int size)
    {
        var (left, top, right, bottom) = FerPicture;
        var side = ((right - left) + (bottom - top)) / 2 * FrameZoom;
        var centerX = (left + right) / 2;
        var centerY = ((top + bottom) / 2) + (FrameShift * (bottom - top));
        var inTemplate = AffineTransform.Rectangle(centerX - (side / 2), centerY - (side / 2), side, side, size, size);
        return FivePointAlignment.ToImage(mesh, FivePointAlignment.TemplateSize).After(inTemplate);
    }

    public void Dispose() => session.Dispose();
}
