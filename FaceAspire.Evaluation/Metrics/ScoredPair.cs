namespace FaceAspire.Evaluation.Metrics;

/// <summary>A similarity (or any score where higher means "more likely positive") with its true label.</summary>
public readonly record struct ScoredSample(double Score, bool IsPositive);
