using FaceAspire.Vision.Rekognition;

namespace FaceAspire.Vision.Landmarks;

/// <summary>Turns a face mesh into Rekognition's 30 named landmarks, as ratios of the image size.</summary>
public static class RekognitionLandmarks
{
    public static IReadOnlyList<Landmark> From(FaceMesh mesh, int imageWidth, int imageHeight)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        var landmarks = new List<Landmark>(30);
        var leftEye = Mean(mesh, MeshIndices.LeftEyeContour);
        var rightEye = Mean(mesh, MeshIndices.RightEyeContour);
        landmarks.Add(new Landmark(LandmarkTypes.EyeLeft, leftEye.X / imageWidth, leftEye.Y / imageHeight));
        landmarks.Add(new Landmark(LandmarkTypes.EyeRight, rightEye.X / imageWidth, rightEye.Y / imageHeight));
        foreach (var (type, index) in MeshIndices.SinglePointLandmarks)
        {
            var p = mesh[index];
            landmarks.Add(new Landmark(type, p.X / imageWidth, p.Y / imageHeight));
        }

        landmarks.Add(new Landmark(LandmarkTypes.LeftPupil, leftEye.X / imageWidth, leftEye.Y / imageHeight));
        landmarks.Add(new Landmark(LandmarkTypes.RightPupil, rightEye.X / imageWidth, rightEye.Y / imageHeight));
        return landmarks;
    }

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
