using System.Reflection;
using System.Text.Json;
using FaceAspire.Vision.Imaging;
using FaceAspire.Vision.Landmarks;
using FaceAspire.Vision.Rekognition;
using FaceAspire.Vision.Runtime;

namespace FaceAspire.Vision.Attributes;

/// <summary>
/// The engine's own emotion network (<see cref="EmotionNetwork"/>, trained on FER2013's Training split by
/// <c>faceaspire train-emotion</c>; docs/MODELS.md): the 48x48 grey crop of <see cref="EmotionCrop"/> and its mirror image
/// in one batch, probabilities softmax(logits / temperature) averaged over the two, the temperature fitted on the
/// held-out part of the training split. Neutral is reported as CALM; FER2013 has no "confused" class, so CONFUSED is
/// always reported with confidence 0.
/// </summary>
public sealed class EmotionNetworkClassifier : IEmotionClassifier, IDisposable
{
    /// <summary>File names of the model, its card (classes, temperature, training settings and figures) and its parity cases.</summary>
    public const string ModelFile = "emotion-fer2013.onnx";

    /// <inheritdoc cref="ModelFile"/>
    public const string CardFile = "emotion-fer2013.json";

    /// <inheritdoc cref="ModelFile"/>
    public const string ParityFile = "emotion-fer2013.parity.json";

    private const string ResourcePrefix = "FaceAspire.Vision.EmotionModel.";

    private static readonly Dictionary<string, string> Rekognition = new(StringComparer.Ordinal)
    {
        ["angry"] = EmotionTypes.Angry, ["disgust"] = EmotionTypes.Disgusted, ["fear"] = EmotionTypes.Fear, ["happy"] = EmotionTypes.Happy,
        ["neutral"] = EmotionTypes.Calm, ["sad"] = EmotionTypes.Sad, ["surprise"] = EmotionTypes.Surprised,
    };

    private readonly OnnxModelSession session;
    private readonly string[] types;

    /// <summary>Loads the model shipped with the engine.</summary>
    public EmotionNetworkClassifier(OnnxRuntimeOptions runtime)
        : this(ReadResource(ModelFile), ReadResource(CardFile), runtime)
    {
    }

    /// <summary>Loads a model from its ONNX bytes and card JSON.</summary>
    public EmotionNetworkClassifier(byte[] onnxModel, byte[] cardJson, OnnxRuntimeOptions runtime)
    {
        using var card = JsonDocument.Parse(cardJson);
        var classes = card.RootElement.GetProperty("Classes").EnumerateArray().Select(c => c.GetString()!).ToArray();
        if (!classes.SequenceEqual(EmotionNetwork.Classes))
        {
            throw new InvalidDataException($"The emotion model's classes ({string.Join(", ", classes)}) are not the network's.");
        }

        Temperature = (float)card.RootElement.GetProperty("Temperature").GetDouble();
        types = [.. classes.Select(c => Rekognition[c])];
        session = new OnnxModelSession(onnxModel, runtime, ModelFile);
    }

    /// <summary>The confidence temperature of the shipped card.</summary>
    public float Temperature { get; }

    public IReadOnlyList<Emotion> Classify(RgbImage image, FaceMesh mesh)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        var pixels = EmotionCrop.Size * EmotionCrop.Size;
        var input = new float[2 * pixels];
        EmotionCrop.Sample(image, mesh, 0, false, input.AsSpan(0, pixels));
        EmotionCrop.Sample(image, mesh, 0, true, input.AsSpan(pixels, pixels));
        var probabilities = Probabilities(Logits(input, 2));
        var emotions = new List<Emotion>(types.Length + 1);
        for (var i = 0; i < types.Length; i++)
        {
            emotions.Add(new Emotion(types[i], Math.Clamp(((probabilities[i] + probabilities[types.Length + i]) / 2) * 100f, 0f, 100f)));
        }

        emotions.Add(new Emotion(EmotionTypes.Confused, 0f));
        return [.. emotions.OrderByDescending(e => e.Confidence)];
    }

    /// <summary>The network's logits for <paramref name="count"/> crops (row-major 48x48 each, 0-1), [count * 7].</summary>
    public float[] Logits(float[] crops, int count)
    {
        ArgumentNullException.ThrowIfNull(crops);
        using var outputs = session.Run(crops, [count, 1, EmotionCrop.Size, EmotionCrop.Size]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    /// <summary>Softmax of each row of 7 logits divided by <see cref="Temperature"/>.</summary>
    private float[] Probabilities(float[] logits)
    {
        var result = new float[logits.Length];
        for (var row = 0; row < logits.Length; row += types.Length)
        {
            var max = float.MinValue;
            for (var i = 0; i < types.Length; i++)
            {
                max = Math.Max(max, logits[row + i] / Temperature);
            }

            var sum = 0f;
            for (var i = 0; i < types.Length; i++)
            {
                result[row + i] = MathF.Exp((logits[row + i] / Temperature) - max);
                sum += result[row + i];
            }

            for (var i = 0; i < types.Length; i++)
            {
                result[row + i] /= sum;
            }
        }

        return result;
    }

    /// <summary>The bytes of a file shipped with the model (<see cref="ModelFile"/>, <see cref="CardFile"/>, <see cref="ParityFile"/>).</summary>
    public static byte[] ReadResource(string file)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourcePrefix + file)
            ?? throw new FileNotFoundException($"The engine carries no emotion model file '{file}' (run faceaspire train-emotion).");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    public void Dispose() => session.Dispose();
}

/// <summary>Seeded synthetic inputs of the emotion network with the training framework's logits for them (parity checks).</summary>
public sealed record ParityCases(float[][] Inputs, float[][] Logits)
{
    public static readonly JsonSerializerOptions Json = new() { WriteIndented = false };
}
