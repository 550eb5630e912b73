using FaceAspire.Vision.Imaging;
using FaceAspire.Vision.Pipeline;

namespace FaceAspire.Evaluation.Engines;

/// <summary>What an evaluation needs from an engine for one image; engines may skip work that is not asked for.</summary>
[Flags]
public enum EngineOutputs
{
    /// <summary>Boxes and detection confidences only.</summary>
    Boxes = 0,

    /// <summary>Emotions and yes/no attributes (Smile, MouthOpen, EyesOpen).</summary>
    Attributes = 1,

    /// <summary>An identity embedding per face.</summary>
    Embedding = 2,
}

/// <summary>
/// A face engine under evaluation (ours, or a peer run out of process). Every engine is given the same
/// upright RGB pixels, so differences come from the engines and not from their image decoders.
/// </summary>
public interface IFaceEngine : IDisposable
{
    /// <summary>Name shown in reports.</summary>
    string Name { get; }

    /// <summary>Every face found in <paramref name="image"/>, as Rekognition FaceDetails; fields the engine does not produce stay null.</summary>
    IReadOnlyList<AnalyzedFace> Analyze(RgbImage image, EngineOutputs outputs, CancellationToken cancellationToken = default);
}
