namespace FaceAspire.Vision.Rekognition;

/// <summary>Face box as ratios of the image size; Left/Top measured from the image's left and top edges.</summary>
public sealed record BoundingBox(float Width, float Height, float Left, float Top);

/// <summary>Estimated age range in years.</summary>
public sealed record AgeRange(int Low, int High);

/// <summary>A yes/no attribute; <see cref="Confidence"/> is the probability (0-100) that <see cref="Value"/> is right.</summary>
public sealed record BooleanAttribute(bool Value, float Confidence);

/// <summary>Predicted gender, <c>Male</c> or <c>Female</c>, with the probability (0-100) that it is right.</summary>
public sealed record GenderAttribute(string Value, float Confidence);

/// <summary>One emotion and the model's confidence (0-100) in it.</summary>
public sealed record Emotion(string Type, float Confidence);

/// <summary>A facial landmark; X and Y are ratios of the image width and height.</summary>
public sealed record Landmark(string Type, float X, float Y);

/// <summary>Head pose in degrees.</summary>
public sealed record Pose(float Roll, float Yaw, float Pitch);

/// <summary>Brightness and sharpness of the face region, 0-100 (higher is brighter / sharper).</summary>
public sealed record ImageQuality(float Brightness, float Sharpness);
