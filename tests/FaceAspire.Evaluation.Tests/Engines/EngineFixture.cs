using FaceAspire.Vision.Models;
using FaceAspire.Vision.Pipeline;

namespace FaceAspire.Evaluation.Tests.Engines;

/// <summary>One model provider per test run: models are imported (or read from the ONNX cache) once.</summary>
public sealed class EngineFixture
{
    private readonly TfjsOnnxModelProvider models = new();

    /// <summary>A new analyzer with <paramref name="options"/>, or a skip when the npm models are not installed.</summary>
    public FaceAnalyzer Create(FaceAnalyzerOptions options)
    {
        if (models.ModelsDirectory is null)
        {
            Assert.Skip("The face models are not installed (run npm ci at the repository root).");
        }

        return new FaceAnalyzer(models, options);
    }
}
