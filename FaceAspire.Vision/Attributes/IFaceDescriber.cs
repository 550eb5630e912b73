using FaceAspire.Vision.Imaging;
using FaceAspire.Vision.Landmarks;

namespace FaceAspire.Vision.Attributes;

/// <summary>Produces an identity descriptor for comparing faces.</summary>
public interface IFaceEmbedder
{
    /// <summary>An L2-normalised descriptor; the cosine of two descriptors is their dot product.</summary>
    float[] Embed(RgbImage image, FaceMesh mesh);
}

/// <summary>Produces a descriptor together with age and gender, from one model run.</summary>
public interface IFaceDescriber : IFaceEmbedder
{
    FaceDescription Describe(RgbImage image, FaceMesh mesh);
}

/// <summary>What a describer says about a face.</summary>
/// <param name="Embedding">L2-normalised identity descriptor.</param>
/// <param name="AgeLow">Lower bound of the estimated age range, years.</param>
/// <param name="AgeHigh">Upper bound of the estimated age range, years.</param>
/// <param name="MaleProbability">Model probability (0-1) that the face is male.</param>
public sealed record FaceDescription(float[] Embedding, int AgeLow, int AgeHigh, float MaleProbability)
{
    /// <summary>
    /// Means of the describer's inner activation maps over the face regions (<see cref="FaceRegions"/>), the
    /// attribute heads' main input; empty when the model exposes no maps.
    /// </summary>
    public float[] RegionFeatures { get; init; } = [];
}
