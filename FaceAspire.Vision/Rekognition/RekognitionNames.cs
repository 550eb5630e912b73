namespace FaceAspire.Vision.Rekognition;

/// <summary>Rekognition's emotion type names.</summary>
public static class EmotionTypes
{
    public const string Happy = "HAPPY";
    public const string Sad = "SAD";
    public const string Angry = "ANGRY";
    public const string Confused = "CONFUSED";
    public const string Disgusted = "DISGUSTED";
    public const string Surprised = "SURPRISED";
    public const string Calm = "CALM";
    public const string Fear = "FEAR";
}

/// <summary>Gender values as Rekognition spells them.</summary>
public static class GenderValues
{
    public const string Male = "Male";
    public const string Female = "Female";
}

/// <summary>
/// Rekognition's landmark type names. As in Rekognition's own output, "left" and "right" are the viewer's:
/// <c>eyeLeft</c> is the eye nearer the image's left edge (the person's right eye in an unmirrored photo).
/// </summary>
public static class LandmarkTypes
{
    public const string EyeLeft = "eyeLeft";
    public const string EyeRight = "eyeRight";
    public const string Nose = "nose";
    public const string MouthLeft = "mouthLeft";
    public const string MouthRight = "mouthRight";
    public const string LeftEyeBrowLeft = "leftEyeBrowLeft";
    public const string LeftEyeBrowRight = "leftEyeBrowRight";
    public const string LeftEyeBrowUp = "leftEyeBrowUp";
    public const string RightEyeBrowLeft = "rightEyeBrowLeft";
    public const string RightEyeBrowRight = "rightEyeBrowRight";
    public const string RightEyeBrowUp = "rightEyeBrowUp";
    public const string LeftEyeLeft = "leftEyeLeft";
    public const string LeftEyeRight = "leftEyeRight";
    public const string LeftEyeUp = "leftEyeUp";
    public const string LeftEyeDown = "leftEyeDown";
    public const string RightEyeLeft = "rightEyeLeft";
    public const string RightEyeRight = "rightEyeRight";
    public const string RightEyeUp = "rightEyeUp";
    public const string RightEyeDown = "rightEyeDown";
    public const string NoseLeft = "noseLeft";
    public const string NoseRight = "noseRight";
    public const string MouthUp = "mouthUp";
    public const string MouthDown = "mouthDown";
    public const string LeftPupil = "leftPupil";
    public const string RightPupil = "rightPupil";
    public const string UpperJawlineLeft = "upperJawlineLeft";
    public const string MidJawlineLeft = "midJawlineLeft";
    public const string ChinBottom = "chinBottom";
    public const string MidJawlineRight = "midJawlineRight";
    public const string UpperJawlineRight = "upperJawlineRight";
}
