using FaceAspire.Vision.ModelImport.Onnx;
using Google.Protobuf;
using static FaceAspire.Vision.ModelImport.Onnx.OnnxAttributes;

namespace FaceAspire.Vision.Attributes;

/// <summary>
/// The emotion network's architecture, shared by the trainer (which builds it in TorchSharp) and the ONNX writer
/// (which writes the trained weights as the graph the engine runs). A VGG-style stack on the 48x48 grey crop of
/// <see cref="EmotionCrop"/> (values 0-1, fed as they are: the first batch norm scales them): per stage, 3x3 convolutions
/// (batch norm, ReLU) then 2x2 max pooling; global average pooling; dropout (training only); a linear layer to
/// the logits of <see cref="Classes"/>. The graph's input is <c>crop</c> [N, 1, 48, 48], its output <c>logits</c> [N, 7].
/// </summary>
public static class EmotionNetwork
{
    /// <summary>Output order of the logits (FER2013's labels, alphabetical).</summary>
    public static IReadOnlyList<string> Classes { get; } = ["angry", "disgust", "fear", "happy", "neutral", "sad", "surprise"];

    /// <summary>Channels of each stage's convolutions at width 1; a network of width <c>w</c> has <c>w</c> times as many.</summary>
    public static IReadOnlyList<int> StageChannels { get; } = [16, 32, 64, 128];

    /// <summary>Channels of each stage's convolutions for a network of width <paramref name="width"/> (1, 2, ...).</summary>
    public static IReadOnlyList<int> StageChannelsFor(int width) => width >= 1
        ? [.. StageChannels.Select(c => c * width)]
        : throw new ArgumentOutOfRangeException(nameof(width), width, "The width is a whole multiple of at least 1.");

    /// <summary>Convolutions per stage.</summary>
    public static IReadOnlyList<int> StageConvolutions { get; } = [1, 2, 2, 2];

    /// <summary>Batch-norm epsilon (PyTorch's default).</summary>
    public const float BatchNormEpsilon = 1e-5f;

    /// <summary>Name of convolution <paramref name="index"/> of stage <paramref name="stage"/> (parameter prefix in the trainer).</summary>
    public static string ConvolutionName(int stage, int index) => $"s{stage}c{index}";

    /// <summary>Name of the convolution's batch norm.</summary>
    public static string BatchNormName(int stage, int index) => $"s{stage}b{index}";

    /// <summary>Name of the final linear layer.</summary>
    public const string ClassifierName = "fc";

    /// <summary>
    /// The ONNX model of trained weights: <paramref name="tensors"/> holds, by PyTorch parameter name, each
    /// convolution's <c>.weight</c> [out, in, 3, 3], each batch norm's <c>.weight</c>, <c>.bias</c>, <c>.running_mean</c>,
    /// <c>.running_var</c>, and the linear layer's <c>.weight</c> [7, C] and <c>.bias</c>. Batch norms are folded into the
    /// convolutions (inference form); <paramref name="metadata"/> goes into the model's metadata. The network's width is
    /// read from the linear layer's input size.
    /// </summary>
    public static byte[] ToOnnx(IReadOnlyDictionary<string, float[]> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (!tensors.TryGetValue(ClassifierName + ".weight", out var classifier))
        {
            throw new ArgumentException($"The weights lack tensor '{ClassifierName}.weight'.", nameof(tensors));
        }

        var features = classifier.Length / Classes.Count;
        if (features == 0 || features % StageChannels[^1] != 0)
        {
            throw new ArgumentException($"The linear layer reads {features} features; a network of width w reads {StageChannels[^1]} w.", nameof(tensors));
        }

        var stageChannels = StageChannelsFor(features / StageChannels[^1]);
        var graph = new OnnxGraphBuilder();
        const string input = "crop";
        const string output = "logits";
        graph.AddInput(input, [-1, 1, EmotionCrop.Size, EmotionCrop.Size]);
        graph.Reserve(output);
        var value = input;
        var channels = 1;
        for (var stage = 0; stage < stageChannels.Count; stage++)
        {
            var outChannels = stageChannels[stage];
            for (var index = 0; index < StageConvolutions[stage]; index++)
            {
                var (weight, bias) = FoldBatchNorm(tensors, stage, index, outChannels, channels);
                var name = ConvolutionName(stage, index);
                value = graph.Add(
                    "Conv", name, [value, graph.AddFloats(name + "_w", [outChannels, channels, 3, 3], weight), graph.AddFloats(name + "_b", [outChannels], bias)],
                    Ints("kernel_shape", 3, 3), Ints("pads", 1, 1, 1, 1), Ints("strides", 1, 1));
                value = graph.Add("Relu", name + "_relu", [value]);
                channels = outChannels;
            }

            value = graph.Add("MaxPool", $"s{stage}_pool", [value], Ints("kernel_shape", 2, 2), Ints("strides", 2, 2));
        }

        value = graph.Add("GlobalAveragePool", "pooled", [value]);
        value = graph.Add("Flatten", "features", [value], Int("axis", 1));
        value = graph.Add(
            "Gemm", "fc",
            [value, graph.AddFloats("fc_w", [Classes.Count, channels], Tensor(tensors, ClassifierName + ".weight", Classes.Count * channels)),
             graph.AddFloats("fc_b", [Classes.Count], Tensor(tensors, ClassifierName + ".bias", Classes.Count))],
            Int("transB", 1));
        graph.AddOutput(output, value);
        return graph.Build("faceaspire-emotion", Pipeline.FaceAnalyzer.PipelineVersion, metadata ?? new Dictionary<string, string>()).ToByteArray();
    }

    private static (float[] Weight, float[] Bias) FoldBatchNorm(
        IReadOnlyDictionary<string, float[]> tensors, int stage, int index, int outChannels, int inChannels)
    {
        var perFilter = inChannels * 9;
        var weight = (float[])Tensor(tensors, ConvolutionName(stage, index) + ".weight", outChannels * perFilter).Clone();
        var norm = BatchNormName(stage, index);
        var (gamma, beta) = (Tensor(tensors, norm + ".weight", outChannels), Tensor(tensors, norm + ".bias", outChannels));
        var (mean, variance) = (Tensor(tensors, norm + ".running_mean", outChannels), Tensor(tensors, norm + ".running_var", outChannels));
        var bias = new float[outChannels];
        for (var o = 0; o < outChannels; o++)
        {
            var factor = gamma[o] / MathF.Sqrt(variance[o] + BatchNormEpsilon);
            for (var k = 0; k < perFilter; k++)
            {
                weight[(o * perFilter) + k] *= factor;
            }

            bias[o] = beta[o] - (mean[o] * factor);
        }

        return (weight, bias);
    }

    private static float[] Tensor(IReadOnlyDictionary<string, float[]> tensors, string name, int length)
    {
        if (!tensors.TryGetValue(name, out var values))
        {
            throw new ArgumentException($"The weights lack tensor '{name}'.", nameof(tensors));
        }

        return values.Length == length
            ? values
            : throw new ArgumentException($"Tensor '{name}' has {values.Length} values; the architecture needs {length}.", nameof(tensors));
    }
}
