using FaceAspire.Vision.Rekognition;

namespace FaceAspire.Vision.Landmarks;

/// <summary>
/// Turns a face mesh into Rekognition's 30 named landmarks, as ratios of the image size, clamped to [0, 1]: a face
/// cut by the photo's edge keeps its hidden points on that edge.
/// </summary>
public static class RekognitionLandmarks
{
    public static IReadOnlyList<Landmark> From(FaceMesh mesh, int imageWidth, int imageHeight)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        var landmarks = new List<Landmark>(30);
        var leftEye = Mean(mesh, MeshIndices.LeftEyeContour);
        var rightEye = Mean(mesh, MeshIndices.RightEyeContour);
        landmarks.Add(At(LandmarkTypes.EyeLeft, leftEye.X, leftEye.Y, imageWidth, imageHeight));
        landmarks.Add(At(LandmarkTypes.EyeRight, rightEye.X, rightEye.Y, imageWidth, imageHeight));
        foreach (var (type, index) in MeshIndices.SinglePointLandmarks)
        {
            var p = mesh[index];
            landmarks.Add(At(type, p.X, p.Y, imageWidth, imageHeight));
        }

        landmarks.Add(At(LandmarkTypes.LeftPupil, leftEye.X, leftEye.Y, imageWidth, imageHeight));
        landmarks.Add(At(LandmarkTypes.RightPupil, rightEye.X, rightEye.Y, imageWidth, imageHeight));
        return landmarks;
    }

    private static Landmark At(string type, float x, float y, int imageWidth, int imageHeight) =>
        new(type, Math.Clamp(x / imageWidth, 0f, 1f), Math.Clamp(y / imageHeight, 0f, 1f));

    private static (float X, float Y) Mean(FaceMesh mesh, int[] indices)
    {
        float x = 0, y = 0;
        foreach (var i in indices)
        {
            x += mesh[i].X;
            y += mesh[i].Y;
        }

        return (x / indices.Length, y / indices.Length);
    }
}
