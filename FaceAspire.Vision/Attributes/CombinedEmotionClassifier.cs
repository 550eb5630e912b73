using FaceAspire.Vision.Imaging;
using FaceAspire.Vision.Landmarks;
using FaceAspire.Vision.Rekognition;

namespace FaceAspire.Vision.Attributes;

/// <summary>The mean, per Rekognition emotion, of several classifiers' confidences (an ensemble of models trained apart).</summary>
public sealed class CombinedEmotionClassifier(params IEmotionClassifier[] classifiers) : IEmotionClassifier, IDisposable
{
    public IReadOnlyList<Emotion> Classify(RgbImage image, FaceMesh mesh)
    {
        var sums = new Dictionary<string, float>(StringComparer.Ordinal);
        foreach (var classifier in classifiers)
        {
            foreach (var emotion in classifier.Classify(image, mesh))
            {
                sums[emotion.Type] = sums.GetValueOrDefault(emotion.Type) + (emotion.Confidence / classifiers.Length);
            }
        }

        return [.. sums.Select(s => new Emotion(s.Key, s.Value)).OrderByDescending(e => e.Confidence)];
    }

    public void Dispose()
    {
        foreach (var classifier in classifiers.OfType<IDisposable>())
        {
            classifier.Dispose();
        }
    }
}
