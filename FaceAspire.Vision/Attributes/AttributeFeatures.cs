using FaceAspire.Vision.Imaging;
using FaceAspire.Vision.Landmarks;

namespace FaceAspire.Vision.Attributes;

/// <summary>
/// The input vector of the attribute heads, built from work the engine already does for a face: the FaceRes
/// descriptor, FaceRes's 14x14x512 and 7x7x1024 activation maps averaged over face regions
/// (<see cref="FaceRegions"/>), eye-versus-cheek pixel measures (<see cref="EyeRegionFeatures"/>) and the mesh's
/// mouth and eye measures (<see cref="ExpressionFeatures"/>) and the eye-state model's scores of the two mesh-cut eye
/// crops (<see cref="EyeStateModel"/>). A head reads only the named blocks it was trained on.
/// </summary>
public static class AttributeFeatures
{
    private const int DescriptorLength = 1024;
    private static readonly int[] MapChannels = [512, 1024];
    private static readonly string[] MapNames = ["pw11", "pw13"];

    /// <summary>Every block in vector order: name, offset and length.</summary>
    public static IReadOnlyList<FeatureBlock> Blocks { get; } = BuildBlocks();

    /// <summary>Length of the whole vector.</summary>
    public static int Length { get; } = Blocks[^1].Offset + Blocks[^1].Length;

    /// <summary>The block called <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such block.</exception>
    public static FeatureBlock Block(string name) =>
        Blocks.FirstOrDefault(b => b.Name == name) ?? throw new KeyNotFoundException($"No attribute feature block '{name}'.");

    /// <summary>Assembles the vector for one face.</summary>
    /// <exception cref="ArgumentException">The description lacks the region features (an import without feature outputs).</exception>
    public static float[] Build(RgbImage image, FaceMesh mesh, FaceDescription description, ExpressionFeatures expression)
    {
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(expression);
        if (description.Embedding.Length != DescriptorLength || description.RegionFeatures.Length != MapChannels.Sum() * FaceRegions.Names.Count)
        {
            throw new ArgumentException("The face description has no region features; the FaceRes import must expose its activation maps.", nameof(description));
        }

        var vector = new float[Length];
        description.Embedding.CopyTo(vector, Block("descriptor").Offset);
        description.RegionFeatures.CopyTo(vector, Block("pw11.eyes").Offset);
        EyeRegionFeatures.Measure(image, mesh, vector.AsSpan(Block("eyepixels").Offset, EyeRegionFeatures.Count));
        var e = Block("expression").Offset;
        (vector[e], vector[e + 1], vector[e + 2], vector[e + 3]) = (expression.EyeOpenness, expression.MouthGap, expression.MouthWidth, expression.CornerLift);
        EyeStateModel.Default.Measure(image, mesh, vector.AsSpan(Block("eyemodel").Offset, EyeStateModel.Count));
        return vector;
    }

    private static List<FeatureBlock> BuildBlocks()
    {
        var blocks = new List<FeatureBlock> { new("descriptor", 0, DescriptorLength) };
        var offset = DescriptorLength;
        for (var m = 0; m < MapNames.Length; m++)
        {
            foreach (var region in FaceRegions.Names)
            {
                blocks.Add(new FeatureBlock($"{MapNames[m]}.{region}", offset, MapChannels[m]));
                offset += MapChannels[m];
            }
        }

        blocks.Add(new FeatureBlock("eyepixels", offset, EyeRegionFeatures.Count));
        offset += EyeRegionFeatures.Count;
        blocks.Add(new FeatureBlock("expression", offset, 4));
        offset += 4;
        blocks.Add(new FeatureBlock("eyemodel", offset, EyeStateModel.Count));
        return blocks;
    }
}

/// <summary>A named slice of the attribute feature vector.</summary>
public sealed record FeatureBlock(string Name, int Offset, int Length);
