using FaceAspire.Vision.Detection;
using FaceAspire.Vision.Imaging;

namespace FaceAspire.Vision.Landmarks;

/// <summary>Locates a dense landmark mesh on a detected face.</summary>
public interface IFaceLandmarker
{
    /// <summary>Returns the mesh of <paramref name="face"/>; its <see cref="FaceMesh.Confidence"/> says whether a face is really there.</summary>
    FaceMesh Locate(RgbImage image, DetectedFace face);
}
