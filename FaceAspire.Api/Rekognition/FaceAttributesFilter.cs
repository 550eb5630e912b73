using FaceAspire.Vision.Rekognition;

namespace FaceAspire.Api.Rekognition;

/// <summary>
/// Rekognition's <c>Attributes</c> / <c>DetectionAttributes</c>: <c>DEFAULT</c> (or none) returns BoundingBox,
/// Confidence, Pose, Quality and Landmarks; <c>ALL</c> every attribute; named attributes add themselves to the default set.
/// </summary>
public static class FaceAttributesFilter
{
    private static readonly HashSet<string> Known =
    [
        "DEFAULT", "ALL", "AGE_RANGE", "BEARD", "EMOTIONS", "EYE_DIRECTION", "EYEGLASSES", "EYES_OPEN", "FACE_OCCLUDED",
        "GENDER", "MOUTH_OPEN", "MUSTACHE", "SMILE", "SUNGLASSES",
    ];

    /// <summary>Throws InvalidParameterException for a name Rekognition does not know.</summary>
    public static IReadOnlyList<string> Check(IReadOnlyList<string>? attributes, string member)
    {
        var unknown = attributes?.FirstOrDefault(a => !Known.Contains(a));
        return unknown is null
            ? attributes ?? []
            : throw RekognitionException.InvalidParameter($"{member} contains '{unknown}'; allowed values are {string.Join(", ", Known)}.");
    }

    public static FaceDetail Apply(FaceDetail face, IReadOnlyList<string> attributes)
    {
        ArgumentNullException.ThrowIfNull(face);
        if (attributes.Contains("ALL"))
        {
            return face;
        }

        bool Has(string name) => attributes.Contains(name);
        return new FaceDetail
        {
            BoundingBox = face.BoundingBox,
            Confidence = face.Confidence,
            Landmarks = face.Landmarks,
            Pose = face.Pose,
            Quality = face.Quality,
            AgeRange = Has("AGE_RANGE") ? face.AgeRange : null,
            Beard = Has("BEARD") ? face.Beard : null,
            Emotions = Has("EMOTIONS") ? face.Emotions : null,
            Eyeglasses = Has("EYEGLASSES") ? face.Eyeglasses : null,
            EyesOpen = Has("EYES_OPEN") ? face.EyesOpen : null,
            Gender = Has("GENDER") ? face.Gender : null,
            MouthOpen = Has("MOUTH_OPEN") ? face.MouthOpen : null,
            Mustache = Has("MUSTACHE") ? face.Mustache : null,
            Smile = Has("SMILE") ? face.Smile : null,
            Sunglasses = Has("SUNGLASSES") ? face.Sunglasses : null,
        };
    }
}

/// <summary>
/// Rekognition's <c>QualityFilter</c>: NONE keeps every face; LOW, MEDIUM and HIGH leave out faces below a detection
/// confidence, sharpness and brightness (the FaceDetail's own <c>Confidence</c> and <c>Quality</c>); AUTO is MEDIUM.
/// The levels are FaceAspire's: Rekognition does not publish its own.
/// </summary>
public static class QualityFilter
{
    private static readonly Dictionary<string, (float Confidence, float Sharpness, float Brightness)> Levels = new(StringComparer.Ordinal)
    {
        ["LOW"] = (50f, 5f, 5f),
        ["MEDIUM"] = (80f, 10f, 10f),
        ["AUTO"] = (80f, 10f, 10f),
        ["HIGH"] = (95f, 25f, 20f),
    };

    /// <summary>Throws InvalidParameterException for an unknown level; null gives <paramref name="fallback"/>.</summary>
    public static string Check(string? level, string fallback) => level switch
    {
        null => fallback,
        "NONE" => level,
        _ when Levels.ContainsKey(level) => level,
        _ => throw RekognitionException.InvalidParameter($"QualityFilter must be one of NONE, AUTO, LOW, MEDIUM, HIGH; got '{level}'."),
    };

    /// <summary>Why the face falls below the level (Rekognition's reason names); empty when it passes.</summary>
    public static List<string> Reasons(FaceDetail face, bool hasDescriptor, string level)
    {
        ArgumentNullException.ThrowIfNull(face);
        var reasons = new List<string>();
        if (!Levels.TryGetValue(level, out var minimum))
        {
            return reasons;
        }

        if (face.Confidence < minimum.Confidence)
        {
            reasons.Add("LOW_CONFIDENCE");
        }

        if (face.Quality is { } quality)
        {
            if (quality.Sharpness < minimum.Sharpness)
            {
                reasons.Add("LOW_SHARPNESS");
            }

            if (quality.Brightness < minimum.Brightness)
            {
                reasons.Add("LOW_BRIGHTNESS");
            }
        }

        if (!hasDescriptor)
        {
            reasons.Add("LOW_FACE_QUALITY");
        }

        return reasons;
    }
}
