using FaceAspire.Vision.Rekognition;

namespace FaceAspire.Vision.Landmarks;

/// <summary>
/// Vertices of the MediaPipe canonical face mesh that the engine reads. Names follow the viewer's side, as
/// Rekognition does: "left eye" is the eye nearer the image's left edge (the person's right eye).
/// </summary>
public static class MeshIndices
{
    public const int ForeheadTop = 10;
    public const int ChinBottom = 152;
    public const int NoseTip = 1;
    public const int LeftCheekEdge = 234;
    public const int RightCheekEdge = 454;

    public const int LeftEyeOuterCorner = 33;
    public const int LeftEyeInnerCorner = 133;
    public const int LeftEyeUpperLid = 159;
    public const int LeftEyeLowerLid = 145;
    public const int RightEyeInnerCorner = 362;
    public const int RightEyeOuterCorner = 263;
    public const int RightEyeUpperLid = 386;
    public const int RightEyeLowerLid = 374;

    public const int MouthLeftCorner = 61;
    public const int MouthRightCorner = 291;
    public const int UpperLipTop = 0;
    public const int LowerLipBottom = 17;
    public const int UpperLipInner = 13;
    public const int LowerLipInner = 14;

    /// <summary>The contour of the eye on the image's left (upper and lower lid lines).</summary>
    public static readonly int[] LeftEyeContour = [33, 7, 163, 144, 145, 153, 154, 155, 133, 173, 157, 158, 159, 160, 161, 246];

    /// <summary>The contour of the eye on the image's right.</summary>
    public static readonly int[] RightEyeContour = [263, 249, 390, 373, 374, 380, 381, 382, 362, 398, 384, 385, 386, 387, 388, 466];

    /// <summary>
    /// Rekognition landmark types read off single mesh vertices. Eye centres and pupils are contour means
    /// (see <see cref="RekognitionLandmarks"/>); pupils equal eye centres until an iris model is wired.
    /// </summary>
    public static readonly IReadOnlyList<(string Type, int Index)> SinglePointLandmarks =
    [
        (LandmarkTypes.Nose, NoseTip),
        (LandmarkTypes.MouthLeft, MouthLeftCorner),
        (LandmarkTypes.MouthRight, MouthRightCorner),
        (LandmarkTypes.LeftEyeBrowLeft, 70),
        (LandmarkTypes.LeftEyeBrowRight, 107),
        (LandmarkTypes.LeftEyeBrowUp, 105),
        (LandmarkTypes.RightEyeBrowLeft, 336),
        (LandmarkTypes.RightEyeBrowRight, 300),
        (LandmarkTypes.RightEyeBrowUp, 334),
        (LandmarkTypes.LeftEyeLeft, LeftEyeOuterCorner),
        (LandmarkTypes.LeftEyeRight, LeftEyeInnerCorner),
        (LandmarkTypes.LeftEyeUp, LeftEyeUpperLid),
        (LandmarkTypes.LeftEyeDown, LeftEyeLowerLid),
        (LandmarkTypes.RightEyeLeft, RightEyeInnerCorner),
        (LandmarkTypes.RightEyeRight, RightEyeOuterCorner),
        (LandmarkTypes.RightEyeUp, RightEyeUpperLid),
        (LandmarkTypes.RightEyeDown, RightEyeLowerLid),
        (LandmarkTypes.NoseLeft, 129),
        (LandmarkTypes.NoseRight, 358),
        (LandmarkTypes.MouthUp, UpperLipTop),
        (LandmarkTypes.MouthDown, LowerLipBottom),
        (LandmarkTypes.UpperJawlineLeft, LeftCheekEdge),
        (LandmarkTypes.MidJawlineLeft, 172),
        (LandmarkTypes.ChinBottom, ChinBottom),
        (LandmarkTypes.MidJawlineRight, 397),
        (LandmarkTypes.UpperJawlineRight, RightCheekEdge),
    ];
}
