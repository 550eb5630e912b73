using FaceAspire.Evaluation.Metrics;
using FaceAspire.Vision.Rekognition;

namespace FaceAspire.Evaluation.Tasks;

/// <summary>
/// Scores one yes/no attribute: per-class recall and balanced accuracy over every sample (no face or no
/// answer counts as wrong), and ECE over the answered samples, reading <c>Confidence</c> as the
/// probability that <c>Value</c> is right, as Rekognition defines it.
/// </summary>
internal sealed class BinaryAttributeScore
{
    public const string Yes = "yes";
    public const string No = "no";

    private readonly List<(double Confidence, bool Correct)> answered = [];

    public ConfusionMatrix Matrix { get; } = new([Yes, No]);

    public int Unanswered { get; private set; }

    /// <summary>Samples where no face was found, in total and per true class.</summary>
    public int NoFace => NoFaceYes + NoFaceNo;

    public int NoFaceYes { get; private set; }

    public int NoFaceNo { get; private set; }

    /// <summary>Adds one sample; <paramref name="faceFound"/> false counts it as a face the engine did not find.</summary>
    public void Add(bool truth, BooleanAttribute? answer, bool faceFound = true)
    {
        if (!faceFound)
        {
            NoFaceYes += truth ? 1 : 0;
            NoFaceNo += truth ? 0 : 1;
        }

        Matrix.Add(truth ? Yes : No, answer is null ? null : answer.Value ? Yes : No);
        if (answer is null)
        {
            Unanswered++;
            return;
        }

        answered.Add((Math.Clamp(answer.Confidence / 100.0, 0, 1), answer.Value == truth));
    }

    /// <summary>ECE over answered samples; NaN when the engine answered none.</summary>
    public double Ece() => answered.Count == 0 ? double.NaN : CalibrationError.Expected(answered);

    public int Answered => answered.Count;
}
