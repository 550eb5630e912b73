using FaceAspire.Vision.Attributes;

namespace FaceAspire.Vision.Calibration;

/// <summary>
/// Logistic models from <see cref="ExpressionFeatures"/> to the probabilities of Smile, MouthOpen and EyesOpen.
/// A null model means the attribute has not been calibrated and is left out of results rather than guessed.
/// </summary>
/// <param name="Smile">Features: MouthWidth, CornerLift, MouthGap.</param>
/// <param name="MouthOpen">Features: MouthGap.</param>
/// <param name="EyesOpen">Features: EyeOpenness.</param>
public sealed record ExpressionCalibration(LogisticModel? Smile, LogisticModel? MouthOpen, LogisticModel? EyesOpen)
{
    public static float[] SmileFeatures(ExpressionFeatures f) => [f.MouthWidth, f.CornerLift, f.MouthGap];

    public static float[] MouthOpenFeatures(ExpressionFeatures f) => [f.MouthGap];

    public static float[] EyesOpenFeatures(ExpressionFeatures f) => [f.EyeOpenness];
}
