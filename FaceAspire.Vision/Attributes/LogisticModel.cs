namespace FaceAspire.Vision.Attributes;

/// <summary>
/// <c>p = 1 / (1 + exp(-(Intercept + sum Weights[i] x[i])))</c>: how the engine turns measured features into
/// calibrated probabilities. The coefficients are fitted by <see cref="LogisticRegression"/>.
/// </summary>
public sealed record LogisticModel(float Intercept, IReadOnlyList<float> Weights)
{
    public float Probability(ReadOnlySpan<float> features)
    {
        if (features.Length != Weights.Count)
        {
            throw new ArgumentException($"Expected {Weights.Count} features, got {features.Length}.", nameof(features));
        }

        var z = Intercept;
        for (var i = 0; i < features.Length; i++)
        {
            z += Weights[i] * features[i];
        }

        return 1f / (1f + MathF.Exp(-z));
    }
}
