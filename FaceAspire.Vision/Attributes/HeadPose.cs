using FaceAspire.Vision.Landmarks;
using FaceAspire.Vision.Rekognition;

namespace FaceAspire.Vision.Attributes;

/// <summary>
/// Head pose from the mesh's own 3-D frame: x runs from the left to the right cheek edge, y from forehead
/// to chin, z = x cross y. Degrees; Roll is positive when the face is turned clockwise in the image,
/// Yaw positive when the face turns towards the image's right (the cheek on the image's left comes closer),
/// Pitch positive when the face tilts up (the chin comes closer than the forehead).
/// </summary>
public static class HeadPose
{
    public static Pose Estimate(FaceMesh mesh)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        var x = Normalize(Subtract(mesh[MeshIndices.RightCheekEdge], mesh[MeshIndices.LeftCheekEdge]));
        var y = Normalize(Subtract(mesh[MeshIndices.ChinBottom], mesh[MeshIndices.ForeheadTop]));
        var z = Normalize(Cross(x, y));
        y = Cross(z, x);
        var roll = MathF.Atan2(x.Y, x.X);
        var yaw = MathF.Asin(Math.Clamp(x.Z, -1f, 1f));
        var pitch = MathF.Asin(Math.Clamp(-y.Z, -1f, 1f));
        return new Pose(Degrees(roll), Degrees(yaw), Degrees(pitch));
    }

    private static float Degrees(float radians) => radians * 180f / MathF.PI;

    private static (float X, float Y, float Z) Subtract(MeshPoint a, MeshPoint b) => (a.X - b.X, a.Y - b.Y, a.Z - b.Z);

    private static (float X, float Y, float Z) Cross((float X, float Y, float Z) a, (float X, float Y, float Z) b) =>
        ((a.Y * b.Z) - (a.Z * b.Y), (a.Z * b.X) - (a.X * b.Z), (a.X * b.Y) - (a.Y * b.X));

    private static (float X, float Y, float Z) Normalize((float X, float Y, float Z) v)
    {
        var length = MathF.Sqrt((v.X * v.X) + (v.Y * v.Y) + (v.Z * v.Z));
        return length == 0 ? v : (v.X / length, v.Y / length, v.Z / length);
    }
}
