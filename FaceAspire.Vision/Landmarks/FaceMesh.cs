using FaceAspire.Vision.Imaging;

namespace FaceAspire.Vision.Landmarks;

/// <summary>
/// The 468-point MediaPipe face mesh of one face in image pixels. Z shares the x/y pixel scale and grows
/// away from the camera. <see cref="Crop"/> maps the upright, face-centred crop the mesh was read
/// from back to the image; the attribute models sample their inputs through the same crop, so every model
/// sees the face aligned the same way.
/// </summary>
public sealed record FaceMesh(IReadOnlyList<MeshPoint> Points, float Confidence, CropGeometry Crop)
{
    public const int PointCount = 468;

    public MeshPoint this[int index] => Points[index];
}

/// <summary>A mesh vertex in image pixels.</summary>
public readonly record struct MeshPoint(float X, float Y, float Z);

/// <summary>A square, rotated crop around a face: centre and side in image pixels, rotation that makes the eyes level.</summary>
public readonly record struct CropGeometry(float CenterX, float CenterY, float Side, float AngleRadians)
{
    /// <summary>The transform from an <paramref name="outSize"/>-square model input to image pixels.</summary>
    public AffineTransform ToImage(int outSize) => AffineTransform.SquareCrop(CenterX, CenterY, Side, AngleRadians, outSize);

    /// <summary>The same crop with its side multiplied by <paramref name="factor"/>.</summary>
    public CropGeometry Scaled(float factor) => this with { Side = Side * factor };
}
