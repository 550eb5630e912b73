using FaceAspire.Vision.Rekognition;

namespace FaceAspire.Api.Analysis;

/// <summary>The face engine as the analysis jobs use it: an image in, Rekognition FaceDetails out.</summary>
public interface IFaceEngine
{
    /// <summary>Stored with every result, so results of different engine versions never mix.</summary>
    string Version { get; }

    /// <summary>Every face in the image with all attributes, largest first.</summary>
    /// <exception cref="UnusableImageException">The image cannot be analysed; retrying will not help.</exception>
    IReadOnlyList<FaceDetail> Analyze(byte[] image, CancellationToken cancellationToken);
}

/// <summary>The engine refused the image for good (cannot be decoded, too many pixels).</summary>
public sealed class UnusableImageException(string message, Exception? inner = null) : Exception(message, inner);
