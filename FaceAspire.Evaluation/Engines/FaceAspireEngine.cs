using FaceAspire.Vision.Imaging;
using FaceAspire.Vision.Pipeline;

namespace FaceAspire.Evaluation.Engines;

/// <summary>The FaceAspire engine: one <see cref="FaceAnalyzer"/>, owned and disposed with this object.</summary>
public sealed class FaceAspireEngine(FaceAnalyzer analyzer) : IFaceEngine
{
    public string Name => "FaceAspire";

    public IReadOnlyList<AnalyzedFace> Analyze(RgbImage image, EngineOutputs outputs, CancellationToken cancellationToken = default) =>
        analyzer.Analyze(
            image,
            outputs.HasFlag(EngineOutputs.Attributes) ? FaceAttributeSet.All : FaceAttributeSet.Default,
            outputs.HasFlag(EngineOutputs.Embedding),
            cancellationToken);

    public void Dispose() => analyzer.Dispose();
}
