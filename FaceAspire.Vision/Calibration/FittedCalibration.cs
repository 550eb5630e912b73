namespace FaceAspire.Vision.Calibration;

/// <summary>The calibration the engine ships with; see the remarks on each member for how it was produced.</summary>
public static class FittedCalibration
{
    /// <summary>Not fitted yet: Smile, MouthOpen and EyesOpen are omitted.</summary>
    public static ExpressionCalibration Expressions { get; } = new(null, null, null);

    /// <summary>Not fitted yet: similarity scores are unavailable.</summary>
    public static SimilarityCalibration? Similarity { get; }
}
