using System.Buffers;
using FaceAspire.Vision.Imaging;
using FaceAspire.Vision.Landmarks;
using FaceAspire.Vision.Runtime;

namespace FaceAspire.Vision.Attributes;

/// <summary>
/// HSE FaceRes (HSE-asavchenko/HSE_FaceRec_tf): a 224x224 RGB crop with values 0-255 in; a 1024-d
/// descriptor, a 100-bin age distribution (bin i = age i years) and a male probability out.
/// The age range is the central <see cref="AgeRangeMass"/> of the predicted distribution.
/// </summary>
public sealed class FaceResDescriber : IFaceDescriber, IDisposable
{
    /// <summary>Model name for <see cref="Models.IOnnxModelProvider"/>.</summary>
    public const string ModelName = "faceres";

    /// <summary>Share of the age distribution the reported range covers.</summary>
    public const float AgeRangeMass = 0.7f;

    private const int DescriptorSize = 1024;
    private const int AgeBins = 100;

    private readonly OnnxModelSession session;
    private readonly int inputSize;
    private readonly int descriptorOutput;
    private readonly int ageOutput;
    private readonly int genderOutput;
    private readonly int[] mapOutputs;

    public FaceResDescriber(string onnxPath, OnnxRuntimeOptions runtime)
    {
        session = new OnnxModelSession(onnxPath, runtime);
        inputSize = session.InputShape[1] > 0 ? session.InputShape[1] : 224;
        descriptorOutput = session.OutputWithLastDimension(DescriptorSize);
        ageOutput = session.OutputWithLastDimension(AgeBins);
        genderOutput = session.OutputWithLastDimension(1);

        // Activation maps (NHWC, rank 4) exposed by the importer for the attribute heads, shallower first.
        mapOutputs = [.. Enumerable.Range(0, session.OutputShapes.Count).Where(i => session.OutputShapes[i].Count == 4)
            .OrderBy(i => session.OutputShapes[i][3])];
    }

    /// <summary>Length of <see cref="FaceDescription.RegionFeatures"/>: per activation map, its channels per face region.</summary>
    public int RegionFeatureCount => mapOutputs.Sum(i => session.OutputShapes[i][3]) * FaceRegions.Names.Count;

    public float[] Embed(RgbImage image, FaceMesh mesh) => Describe(image, mesh).Embedding;

    public FaceDescription Describe(RgbImage image, FaceMesh mesh)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        var length = inputSize * inputSize * 3;
        var input = ArrayPool<float>.Shared.Rent(length);
        try
        {
            ImageSampler.SampleRgb(image, mesh.Crop.ToImage(inputSize), inputSize, inputSize, input, 1f, 0f);
            return Describe(input.AsMemory(0, length), mesh);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(input);
        }
    }

    private FaceDescription Describe(Memory<float> input, FaceMesh mesh)
    {
        using var outputs = session.Run(input, [1, inputSize, inputSize, 3]);
        var embedding = Normalize(outputs[descriptorOutput].GetTensorDataAsSpan<float>());
        var (low, high) = AgeRange(outputs[ageOutput].GetTensorDataAsSpan<float>(), AgeRangeMass);
        var male = outputs[genderOutput].GetTensorDataAsSpan<float>()[0];
        var regions = new float[RegionFeatureCount];
        var offset = 0;
        foreach (var i in mapOutputs)
        {
            var shape = session.OutputShapes[i];
            FaceRegions.Pool(
                outputs[i].GetTensorDataAsSpan<float>(), shape[1], shape[2], shape[3], mesh, mesh.Crop.ToImage(inputSize), inputSize,
                regions.AsSpan(offset));
            offset += shape[3] * FaceRegions.Names.Count;
        }

        return new FaceDescription(embedding, low, high, male) { RegionFeatures = regions };
    }

    /// <summary>The ages at the (1-mass)/2 and (1+mass)/2 quantiles of a per-year distribution.</summary>
    internal static (int Low, int High) AgeRange(ReadOnlySpan<float> distribution, float mass)
    {
        var total = 0f;
        foreach (var p in distribution)
        {
            total += p;
        }

        var lowTarget = total * (1 - mass) / 2;
        var highTarget = total * (1 + mass) / 2;
        int? low = null;
        var high = distribution.Length - 1;
        var cumulative = 0f;
        for (var age = 0; age < distribution.Length; age++)
        {
            cumulative += distribution[age];
            low ??= cumulative >= lowTarget ? age : null;
            if (cumulative >= highTarget)
            {
                high = age;
                break;
            }
        }

        return (low ?? 0, Math.Max(high, low ?? 0));
    }

    internal static float[] Normalize(ReadOnlySpan<float> values)
    {
        var result = values.ToArray();
        var norm = MathF.Sqrt(System.Numerics.Tensors.TensorPrimitives.SumOfSquares<float>(result));
        if (norm > 0)
        {
            System.Numerics.Tensors.TensorPrimitives.Divide(result, norm, result);
        }

        return result;
    }

    public void Dispose() => session.Dispose();
}
