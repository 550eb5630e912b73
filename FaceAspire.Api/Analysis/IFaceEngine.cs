using FaceAspire.Vision.Imaging;
using FaceAspire.Vision.Pipeline;

namespace FaceAspire.Api.Analysis;

/// <summary>
/// The face engine as the analysis jobs and face search use it: an image in, per face the Rekognition FaceDetail and
/// the L2-normalised identity descriptor out.
/// </summary>
public interface IFaceEngine
{
    /// <summary>Stored with every result, so results of different engine versions never mix.</summary>
    string Version { get; }

    /// <summary>
    /// Whether <see cref="Analyze(byte[], CancellationToken)"/> gives each face its identity descriptor. An engine without (AWS Rekognition's
    /// DetectFaces) leaves face search and people to what the descriptors allow: nothing is re-analysed to get them.
    /// </summary>
    bool ProducesDescriptors => true;

    /// <summary>Every face in the image with all attributes and its descriptor, largest first.</summary>
    /// <exception cref="UnusableImageException">The image cannot be analysed; retrying will not help.</exception>
    IReadOnlyList<AnalyzedFace> Analyze(byte[] image, CancellationToken cancellationToken);

    /// <summary>
    /// As <see cref="Analyze(byte[], CancellationToken)"/>; <paramref name="pixels"/>, when given, are exactly what
    /// decoding <paramref name="image"/> gives, and an engine that works on pixels uses them instead of decoding again.
    /// </summary>
    IReadOnlyList<AnalyzedFace> Analyze(byte[] image, RgbImage? pixels, CancellationToken cancellationToken) => Analyze(image, cancellationToken);

    /// <summary>
    /// Makes the engine ready, so that the first analysis does not pay for it (loading models); called once when this
    /// instance's workers start. Nothing to do for a remote engine.
    /// </summary>
    void Prepare()
    {
    }
}

/// <summary>The engine refused the image for good (cannot be decoded, too many pixels).</summary>
public sealed class UnusableImageException(string message, Exception? inner = null) : Exception(message, inner);
