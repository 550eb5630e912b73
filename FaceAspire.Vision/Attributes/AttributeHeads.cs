using System.Text.Json;
using FaceAspire.Vision.Rekognition;

namespace FaceAspire.Vision.Attributes;

/// <summary>
/// The trained attribute heads shipped inside this assembly (<c>Attributes/Heads/*.json</c>, embedded), loaded
/// once. Each fills its Rekognition field as {Value, Confidence}: Value is the likelier answer and Confidence
/// the calibrated probability (0-100) that it is right. Plain C# maths over a vector the engine already has.
/// </summary>
public sealed class AttributeHeads
{
    private const string ResourcePrefix = "FaceAspire.Vision.Heads.";

    private static readonly Lazy<AttributeHeads> Shipped = new(() => new AttributeHeads(LoadEmbedded()));

    private readonly Dictionary<string, AttributeHead> heads;

    public AttributeHeads(IEnumerable<AttributeHead> heads)
    {
        ArgumentNullException.ThrowIfNull(heads);
        this.heads = heads.ToDictionary(h => h.Attribute, StringComparer.Ordinal);
        foreach (var head in this.heads.Values)
        {
            var length = head.Blocks.Sum(b => AttributeFeatures.Block(b).Length);
            if (head.Mean.Length != length || head.Scale.Length != length || head.Weights.Length != length)
            {
                throw new InvalidDataException($"Attribute head '{head.Attribute}' has coefficients that do not match its blocks ({length} values).");
            }
        }
    }

    /// <summary>The heads embedded in this assembly.</summary>
    public static AttributeHeads Default => Shipped.Value;

    /// <summary>Attribute names with a head.</summary>
    public IReadOnlyCollection<string> Attributes => heads.Keys;

    public AttributeHead? this[string attribute] => heads.GetValueOrDefault(attribute);

    /// <summary>
    /// Fills every attribute that has a head; a field without a head keeps what <paramref name="detail"/> had
    /// (for Smile, MouthOpen and EyesOpen, the mesh-measure calibration's answer or nothing).
    /// </summary>
    public FaceDetail Apply(FaceDetail detail, ReadOnlySpan<float> features)
    {
        ArgumentNullException.ThrowIfNull(detail);
        return detail with
        {
            Eyeglasses = Decide(nameof(FaceDetail.Eyeglasses), features) ?? detail.Eyeglasses,
            Sunglasses = Decide(nameof(FaceDetail.Sunglasses), features) ?? detail.Sunglasses,
            Beard = Decide(nameof(FaceDetail.Beard), features) ?? detail.Beard,
            Mustache = Decide(nameof(FaceDetail.Mustache), features) ?? detail.Mustache,
            Smile = Decide(nameof(FaceDetail.Smile), features) ?? detail.Smile,
            MouthOpen = Decide(nameof(FaceDetail.MouthOpen), features) ?? detail.MouthOpen,
            EyesOpen = Decide(nameof(FaceDetail.EyesOpen), features) ?? detail.EyesOpen,
        };
    }

    private BooleanAttribute? Decide(string attribute, ReadOnlySpan<float> features)
    {
        if (!heads.TryGetValue(attribute, out var head))
        {
            return null;
        }

        var p = head.Probability(features);
        return p >= 0.5f ? new BooleanAttribute(true, p * 100f) : new BooleanAttribute(false, (1f - p) * 100f);
    }

    /// <summary>Reads every embedded head file.</summary>
    public static IReadOnlyList<AttributeHead> LoadEmbedded()
    {
        var assembly = typeof(AttributeHeads).Assembly;
        var loaded = new List<AttributeHead>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            loaded.Add(JsonSerializer.Deserialize(stream, AttributeHeadJsonContext.Default.AttributeHead)
                ?? throw new InvalidDataException($"Embedded attribute head '{name}' is empty."));
        }

        return loaded;
    }
}
