namespace FaceAspire.Vision.Rekognition;

/// <summary>
/// One face in Amazon Rekognition's <c>FaceDetail</c> shape (DetectFaces), with the same field names and
/// meanings: coordinates are ratios of the image width and height, confidences are 0-100. Properties the
/// engine did not produce stay null and are left out of the JSON, never filled with guesses.
/// </summary>
public sealed record FaceDetail
{
    public required BoundingBox BoundingBox { get; init; }

    public AgeRange? AgeRange { get; init; }

    public BooleanAttribute? Smile { get; init; }

    /// <summary>Not produced yet (no glasses classifier); kept for the Rekognition shape.</summary>
    public BooleanAttribute? Eyeglasses { get; init; }

    /// <summary>Not produced yet; kept for the Rekognition shape.</summary>
    public BooleanAttribute? Sunglasses { get; init; }

    public GenderAttribute? Gender { get; init; }

    /// <summary>Not produced yet; kept for the Rekognition shape.</summary>
    public BooleanAttribute? Beard { get; init; }

    /// <summary>Not produced yet; kept for the Rekognition shape.</summary>
    public BooleanAttribute? Mustache { get; init; }

    public BooleanAttribute? EyesOpen { get; init; }

    public BooleanAttribute? MouthOpen { get; init; }

    public IReadOnlyList<Emotion>? Emotions { get; init; }

    public IReadOnlyList<Landmark>? Landmarks { get; init; }

    public Pose? Pose { get; init; }

    public ImageQuality? Quality { get; init; }

    /// <summary>Confidence (0-100) that the bounding box contains a face.</summary>
    public required float Confidence { get; init; }
}
