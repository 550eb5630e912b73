using System.Diagnostics;
using FaceAspire.Evaluation.Engines;
using FaceAspire.Vision.Imaging;
using FaceAspire.Vision.Pipeline;

namespace FaceAspire.Evaluation.Tasks;

/// <summary>
/// Calls an engine and keeps its time apart from decoding and scoring, for the per-image cost in reports.
/// The first call is left out of the mean: it loads models (and may import them) on first use.
/// </summary>
internal sealed class EngineClock(IFaceEngine engine)
{
    private long ticks;
    private int timedCalls;

    public int Calls { get; private set; }

    /// <summary>Images that were analysed again on a padded canvas because the tight crop showed no face.</summary>
    public int Padded { get; private set; }

    public double MillisecondsPerCall => timedCalls == 0 ? double.NaN : TimeSpan.FromTicks(ticks).TotalMilliseconds / timedCalls;

    public IReadOnlyList<AnalyzedFace> Analyze(RgbImage image, EngineOutputs outputs, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var faces = engine.Analyze(image, outputs, cancellationToken);
        if (Calls++ > 0)
        {
            ticks += Stopwatch.GetElapsedTime(started).Ticks;
            timedCalls++;
        }
        return faces;
    }

    /// <summary>
    /// The largest face of a tight crop: the crop as it is first, then padded (<see cref="EvalImages.PadCrop"/>)
    /// when the detector found nothing; null when neither shows a face.
    /// </summary>
    public AnalyzedFace? AnalyzeCrop(RgbImage crop, EngineOutputs outputs, CancellationToken cancellationToken)
    {
        var faces = Analyze(crop, outputs, cancellationToken);
        if (faces.Count == 0)
        {
            Padded++;
            faces = Analyze(EvalImages.PadCrop(crop), outputs, cancellationToken);
        }

        return Largest(faces);
    }

    /// <summary>The face with the largest box (the labelled person in a single-person photo).</summary>
    public static AnalyzedFace? Largest(IReadOnlyList<AnalyzedFace> faces) => faces.MaxBy(f => f.RelativeArea);
}
