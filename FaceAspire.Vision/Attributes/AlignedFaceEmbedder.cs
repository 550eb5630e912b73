using System.Buffers;
using System.Numerics.Tensors;
using FaceAspire.Vision.Imaging;
using FaceAspire.Vision.Landmarks;
using FaceAspire.Vision.Runtime;

namespace FaceAspire.Vision.Attributes;

/// <summary>
/// The identity embedder: a 512-d MobileFaceNet (PyTorch, exported to ONNX) from the npm package
/// <c>faceplugin-face-recognition-js</c>. Its input is a 112x112 crop aligned by <see cref="FivePointAlignment"/> onto
/// the ArcFace template, NCHW with the channels in BGR order, <c>(value - 127) / 128</c>. The package's own JavaScript
/// feeds RGB, but the model was evidently trained on OpenCV's BGR: on the train side of the CelebA photos, BGR raises
/// TAR at FAR 1e-3 from 0.823 to 0.866 at the same 10-fold accuracy (docs/ACCURACY.md). The descriptor is
/// the L2-normalised mean of the normalised descriptors of the crop and its mirror image (two model runs), which
/// makes it insensitive to which half of the face the model weighs more.
/// </summary>
public sealed class AlignedFaceEmbedder : IFaceEmbedder, IDisposable
{
    /// <summary>Model name for <see cref="Models.IOnnxModelProvider"/>.</summary>
    public const string ModelName = "faceplugin-feature";

    /// <summary>Length of the descriptor.</summary>
    public const int DescriptorSize = 512;

    private const int InputSize = FivePointAlignment.TemplateSize;
    private const int Pixels = InputSize * InputSize;

    private readonly OnnxModelSession session;
    private readonly int output;

    public AlignedFaceEmbedder(string onnxPath, OnnxRuntimeOptions runtime)
    {
        // Its 33 PReLUs run as ONNX Runtime fuses them (same values bit for bit: ModelImport.Onnx.FusableActivations).
        session = new OnnxModelSession(ModelImport.Onnx.FusableActivations.Rewrite(File.ReadAllBytes(onnxPath)), runtime, onnxPath);
        if (session.InputShape.Count != 4 || session.InputShape[1] != 3 || session.InputShape[2] != InputSize || session.InputShape[3] != InputSize)
        {
            throw new InvalidOperationException(
                $"Model '{onnxPath}' takes [{string.Join(", ", session.InputShape)}]; the embedder expects [1, 3, {InputSize}, {InputSize}].");
        }

        output = session.OutputWithLastDimension(DescriptorSize);
    }

    public float[] Embed(RgbImage image, FaceMesh mesh)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        var toImage = FivePointAlignment.ToImage(mesh, InputSize);
        var embedding = new float[DescriptorSize];
        var interleaved = ArrayPool<float>.Shared.Rent(Pixels * 3);
        var planar = ArrayPool<float>.Shared.Rent(Pixels * 3);
        try
        {
            foreach (var view in (ReadOnlySpan<AffineTransform>)[toImage, toImage.MirroredHorizontally(InputSize)])
            {
                ImageSampler.SampleRgb(image, view, InputSize, InputSize, interleaved, 1f / 128f, -127f / 128f);
                ToPlanar(interleaved, planar);
                using var outputs = session.Run(planar.AsMemory(0, Pixels * 3), [1, 3, InputSize, InputSize]);
                var descriptor = outputs[output].GetTensorDataAsSpan<float>();
                var norm = TensorPrimitives.Norm(descriptor);
                if (norm > 0)
                {
                    TensorPrimitives.MultiplyAdd(descriptor, 1f / norm, embedding, embedding);
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(interleaved);
            ArrayPool<float>.Shared.Return(planar);
        }

        var total = TensorPrimitives.Norm(embedding);
        if (total > 0)
        {
            TensorPrimitives.Divide(embedding, total, embedding);
        }

        return embedding;
    }

    // RGBRGB... (HWC) to BBB...GGG...RRR... (CHW, the channel order the model was trained with).
    internal static void ToPlanar(ReadOnlySpan<float> interleaved, Span<float> planar)
    {
        for (var p = 0; p < Pixels; p++)
        {
            planar[p] = interleaved[(p * 3) + 2];
            planar[Pixels + p] = interleaved[(p * 3) + 1];
            planar[(2 * Pixels) + p] = interleaved[p * 3];
        }
    }

    public void Dispose() => session.Dispose();
}
