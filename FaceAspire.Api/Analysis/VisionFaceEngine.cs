using FaceAspire.Vision.Imaging;
using FaceAspire.Vision.Models;
using FaceAspire.Vision.ModelImport;
using FaceAspire.Vision.Pipeline;
using FaceAspire.Vision.Rekognition;

namespace FaceAspire.Api.Analysis;

/// <summary>
/// <see cref="IFaceEngine"/> over FaceAspire.Vision's <see cref="FaceAnalyzer"/>. The analyzer (and its ONNX
/// sessions) is created on first use, so an API instance that runs no workers never loads a model.
/// </summary>
public sealed class VisionFaceEngine(IOnnxModelProvider models, FaceAnalyzerOptions options) : IFaceEngine, IDisposable
{
    private readonly Lazy<FaceAnalyzer> _analyzer = new(() => new FaceAnalyzer(models, options));

    /// <summary>Changes whenever the graph importer does, since that changes the models' outputs.</summary>
    public string Version { get; } = $"faceaspire-vision/{typeof(FaceAnalyzer).Assembly.GetName().Version}/importer-{TfjsOnnxImporter.Version}";

    public IReadOnlyList<FaceDetail> Analyze(byte[] image, CancellationToken cancellationToken)
    {
        try
        {
            return [.. _analyzer.Value.Analyze(image, FaceAttributeSet.All, includeEmbeddings: false, cancellationToken).Select(f => f.Detail)];
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
