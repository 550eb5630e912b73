using FaceAspire.Vision.Imaging;
using FaceAspire.Vision.Models;
using FaceAspire.Vision.Pipeline;

namespace FaceAspire.Api.Analysis;

/// <summary>
/// <see cref="IFaceEngine"/> over FaceAspire.Vision's <see cref="FaceAnalyzer"/>. The analyzer (and its ONNX
/// sessions) is created on first use, so an API instance that runs no workers never loads a model; one with workers
/// loads every model when they start (<see cref="Prepare"/>).
/// </summary>
public sealed class VisionFaceEngine(IOnnxModelProvider models, FaceAnalyzerOptions options) : IFaceEngine, IDisposable
{
    private readonly Lazy<FaceAnalyzer> _analyzer = new(() => new FaceAnalyzer(models, options));

    /// <summary>
    /// The engine's own version (<see cref="FaceAnalyzer.EngineVersion"/>): it changes whenever the pipeline's results
    /// do (<see cref="FaceAnalyzer.PipelineVersion"/>, e.g. retrained attribute heads) or the graph importer does.
    /// </summary>
    public string Version => FaceAnalyzer.EngineVersion;

    /// <summary>Whether every model is loaded (by <see cref="Prepare"/> or by the analyses so far).</summary>
    public bool ModelsLoaded => _analyzer.IsValueCreated && _analyzer.Value.ModelsLoaded;

    public void Prepare() => _analyzer.Value.LoadModels();

    public IReadOnlyList<AnalyzedFace> Analyze(byte[] image, CancellationToken cancellationToken) => Analyze(image, null, cancellationToken);

    public IReadOnlyList<AnalyzedFace> Analyze(byte[] image, RgbImage? pixels, CancellationToken cancellationToken)
    {
        try
        {
            // The timings make each stage a span of the current trace (see StageTimings).
            var stages = new StageTimings();
            return pixels is not null
                ? _analyzer.Value.Analyze(pixels, FaceAttributeSet.All, includeEmbeddings: true, cancellationToken, stages)
                : _analyzer.Value.Analyze(image, FaceAttributeSet.All, includeEmbeddings: true, cancellationToken, stages);
        }
        catch (ImageDecodeException ex)
        {
            throw new UnusableImageException("The photo could not be decoded for analysis.", ex);
        }
    }

    public void Dispose()
    {
        if (_analyzer.IsValueCreated)
        {
            _analyzer.Value.Dispose();
        }
    }
}
