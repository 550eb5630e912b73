using FaceAspire.Vision.Imaging;

namespace FaceAspire.Vision.Detection;

/// <summary>Finds faces in an image.</summary>
public interface IFaceDetector
{
    /// <summary>Returns the faces in <paramref name="image"/>, most confident first, duplicates removed.</summary>
    IReadOnlyList<DetectedFace> Detect(RgbImage image, CancellationToken cancellationToken = default);
}
