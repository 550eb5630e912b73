using FaceAspire.Vision.Models;
using FaceAspire.Vision.Pipeline;

namespace FaceAspire.Vision.Tests.Support;

/// <summary>One engine per test class: sessions load once, as they do in the application.</summary>
public sealed class AnalyzerFixture : IDisposable
{
    public AnalyzerFixture()
    {
        Models = new TfjsOnnxModelProvider();
        Analyzer = new FaceAnalyzer(Models);
    }

    public TfjsOnnxModelProvider Models { get; }

    public FaceAnalyzer Analyzer { get; }

    public void Dispose() => Analyzer.Dispose();
}
