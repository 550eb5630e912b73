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
    /// The largest face the engine finds in a single-person photo or face crop, exactly as the product analyses an
    /// upload (no evaluation-only retry); null when it finds none.
    /// </summary>
    public AnalyzedFace? AnalyzeLargest(RgbImage image, EngineOutputs outputs, CancellationToken cancellationToken) =>
        Largest(Analyze(image, outputs, cancellationToken));

    /// <summary>The face with the largest box (the labelled person in a single-person photo).</summary>
    public static AnalyzedFace? Largest(IReadOnlyList<AnalyzedFace> faces) => faces.MaxBy(f => f.RelativeArea);
}
