using FaceAspire.Vision.Calibration;
using FaceAspire.Vision.Rekognition;

namespace FaceAspire.Vision.Attributes;

/// <summary>Fills Smile, MouthOpen and EyesOpen from calibrated probabilities; uncalibrated ones stay absent.</summary>
public static class ExpressionAttributes
{
    public static FaceDetail Apply(FaceDetail detail, ExpressionFeatures features, ExpressionCalibration calibration)
    {
        ArgumentNullException.ThrowIfNull(detail);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(calibration);
        return detail with
        {
            Smile = Decide(calibration.Smile, ExpressionCalibration.SmileFeatures(features)),
            MouthOpen = Decide(calibration.MouthOpen, ExpressionCalibration.MouthOpenFeatures(features)),
            EyesOpen = Decide(calibration.EyesOpen, ExpressionCalibration.EyesOpenFeatures(features)),
        };
    }

    /// <summary>Value is the likelier answer; Confidence is the probability that it is right.</summary>
    public static BooleanAttribute? Decide(LogisticModel? model, float[] features)
    {
        if (model is null)
        {
            return null;
        }

        var p = model.Probability(features);
        return p >= 0.5f ? new BooleanAttribute(true, p * 100f) : new BooleanAttribute(false, (1f - p) * 100f);
    }
}
