using FaceAspire.Vision.ModelImport.Tfjs;

namespace FaceAspire.Vision.ModelImport.Ops;

/// <summary>Translates one family of TensorFlow ops into ONNX nodes.</summary>
internal interface IOpTranslator
{
    /// <summary>The TensorFlow op names this translator handles.</summary>
    IReadOnlyCollection<string> Ops { get; }

    void Translate(TfjsNode node, ImportContext context);
}
