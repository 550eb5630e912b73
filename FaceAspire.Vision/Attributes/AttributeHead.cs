using System.Text.Json.Serialization;

namespace FaceAspire.Vision.Attributes;

/// <summary>
/// A trained yes/no attribute head: a logistic model over standardised feature blocks, followed by Platt
/// calibration. <c>z = Bias + sum Weights[i] (x[i] - Mean[i]) / Scale[i]</c> over the concatenated
/// <see cref="Blocks"/>, then <c>p = 1 / (1 + exp(-(CalibrationA z + CalibrationB)))</c> is the probability of yes.
/// Written by the evaluation project's head trainer (<c>faceaspire train-heads</c>); see docs/ATTRIBUTE-HEADS.md.
/// </summary>
public sealed record AttributeHead
{
    /// <summary>Rekognition attribute name (<c>Eyeglasses</c>, <c>Sunglasses</c>, ...).</summary>
    public required string Attribute { get; init; }

    /// <summary>Names of the <see cref="AttributeFeatures"/> blocks read, in order.</summary>
    public required IReadOnlyList<string> Blocks { get; init; }

    public required float[] Mean { get; init; }

    public required float[] Scale { get; init; }

    public required float[] Weights { get; init; }

    public required float Bias { get; init; }

    public required float CalibrationA { get; init; }

    public required float CalibrationB { get; init; }

    /// <summary>What the head was trained on and how it measured; documentation only.</summary>
    public IReadOnlyDictionary<string, string>? Notes { get; init; }

    /// <summary>The uncalibrated linear score of <paramref name="features"/> (a whole <see cref="AttributeFeatures"/> vector).</summary>
    public float Score(ReadOnlySpan<float> features)
    {
        var z = (double)Bias;
        var j = 0;
        foreach (var name in Blocks)
        {
            var block = AttributeFeatures.Block(name);
            var slice = features.Slice(block.Offset, block.Length);
            for (var i = 0; i < slice.Length; i++, j++)
            {
                z += Weights[j] * (slice[i] - Mean[j]) / Scale[j];
            }
        }

        return (float)z;
    }

    /// <summary>Calibrated probability of yes.</summary>
    public float Probability(ReadOnlySpan<float> features) => 1f / (1f + MathF.Exp(-((CalibrationA * Score(features)) + CalibrationB)));
}

/// <summary>Source-generated JSON for <see cref="AttributeHead"/> files (camelCase, indented).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(AttributeHead))]
public sealed partial class AttributeHeadJsonContext : JsonSerializerContext;
