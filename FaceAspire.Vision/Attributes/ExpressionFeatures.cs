using FaceAspire.Vision.Landmarks;

namespace FaceAspire.Vision.Attributes;

/// <summary>
/// Scale- and roll-free measures of the mouth and eyes read off the mesh, the inputs of the calibrated
/// smile, mouth-open and eyes-open models. Distances are divided by the outer-eye-corner distance and
/// heights are measured along the face's own vertical (perpendicular to the eye line).
/// </summary>
/// <param name="EyeOpenness">Mean over both eyes of lid gap / eye width (eye aspect ratio).</param>
/// <param name="MouthGap">Inner-lip gap / mouth width (mouth aspect ratio).</param>
/// <param name="MouthWidth">Mouth corner distance / outer-eye-corner distance.</param>
/// <param name="CornerLift">How far the mouth corners sit above the lips' centre line, / outer-eye-corner distance.</param>
public sealed record ExpressionFeatures(float EyeOpenness, float MouthGap, float MouthWidth, float CornerLift)
{
    public static ExpressionFeatures From(FaceMesh mesh)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        var leftOuter = mesh[MeshIndices.LeftEyeOuterCorner];
        var rightOuter = mesh[MeshIndices.RightEyeOuterCorner];
        var eyeSpan = Distance(leftOuter, rightOuter);
        if (eyeSpan <= 0)
        {
            return new ExpressionFeatures(0, 0, 0, 0);
        }

        // Unit vector pointing down the face, perpendicular to the eye line.
        var (ux, uy) = ((rightOuter.X - leftOuter.X) / eyeSpan, (rightOuter.Y - leftOuter.Y) / eyeSpan);
        var (dx, dy) = (-uy, ux);

        var leftEye = Distance(mesh[MeshIndices.LeftEyeUpperLid], mesh[MeshIndices.LeftEyeLowerLid])
            / Math.Max(Distance(mesh[MeshIndices.LeftEyeOuterCorner], mesh[MeshIndices.LeftEyeInnerCorner]), 1e-6f);
        var rightEye = Distance(mesh[MeshIndices.RightEyeUpperLid], mesh[MeshIndices.RightEyeLowerLid])
            / Math.Max(Distance(mesh[MeshIndices.RightEyeOuterCorner], mesh[MeshIndices.RightEyeInnerCorner]), 1e-6f);

        var mouthLeft = mesh[MeshIndices.MouthLeftCorner];
        var mouthRight = mesh[MeshIndices.MouthRightCorner];
        var mouthWidth = Math.Max(Distance(mouthLeft, mouthRight), 1e-6f);
        var gap = Distance(mesh[MeshIndices.UpperLipInner], mesh[MeshIndices.LowerLipInner]);

        float Down(MeshPoint p) => (p.X * dx) + (p.Y * dy);
        var lipCentre = (Down(mesh[MeshIndices.UpperLipInner]) + Down(mesh[MeshIndices.LowerLipInner])) / 2;
        var corners = (Down(mouthLeft) + Down(mouthRight)) / 2;

        return new ExpressionFeatures(
            (leftEye + rightEye) / 2,
            gap / mouthWidth,
            mouthWidth / eyeSpan,
            (lipCentre - corners) / eyeSpan);
    }

    private static float Distance(MeshPoint a, MeshPoint b) => MathF.Sqrt(((a.X - b.X) * (a.X - b.X)) + ((a.Y - b.Y) * (a.Y - b.Y)));
}
