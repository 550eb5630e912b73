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
        var toImage = mesh.Crop.ToImage(inputSize);
        ImageSampler.SampleGray(image, toImage, inputSize, inputSize, input, (0.2989f, 0.5870f, 0.1140f), 2f / 255f, -1f);
        using var outputs = session.Run(input, [1, inputSize, inputSize, 1]);
        var probabilities = outputs[output].GetTensorDataAsSpan<float>();
        var emotions = new List<Emotion>(ModelClasses.Length + 1);
        for (var i = 0; i < ModelClasses.Length; i++)
        {
            emotions.Add(new Emotion(ModelClasses[i], Math.Clamp(probabilities[i] * 100f, 0f, 100f)));
        }

        emotions.Add(new Emotion(EmotionTypes.Confused, 0f));
        return [.. emotions.OrderByDescending(e => e.Confidence)];
    }

    public void Dispose() => session.Dispose();
}
