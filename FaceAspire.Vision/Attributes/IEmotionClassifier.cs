using FaceAspire.Vision.Imaging;
using FaceAspire.Vision.Landmarks;
using FaceAspire.Vision.Rekognition;

namespace FaceAspire.Vision.Attributes;

/// <summary>Estimates facial expression as Rekognition emotions.</summary>
public interface IEmotionClassifier
{
    /// <summary>All eight Rekognition emotions, confidences 0-100, highest first.</summary>
    IReadOnlyList<Emotion> Classify(RgbImage image, FaceMesh mesh);
}
