using FaceAspire.Evaluation.Imaging;
using FaceAspire.Vision.Imaging;

namespace FaceAspire.Evaluation.Tasks;

/// <summary>Loads eval photos into upright RGB.</summary>
public static class EvalImages
{
    /// <summary>Decodes <paramref name="path"/> (JPEG, PNG, or the grey TIFF of JAFFE) with the engine's own decoder.</summary>
    public static RgbImage Load(string path) => ImageDecoder.Decode(EvalImageFiles.ReadForEngine(path));
}
