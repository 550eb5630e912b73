namespace FaceAspire.Vision.Rekognition;

/// <summary>Rekognition's <c>CompareFaces</c> response: the source image's largest face against every target face.</summary>
public sealed record CompareFacesResult(
    ComparedSourceImageFace? SourceImageFace,
    IReadOnlyList<CompareFacesMatch> FaceMatches,
    IReadOnlyList<ComparedFace> UnmatchedFaces);

/// <summary>The source face used for the comparison.</summary>
public sealed record ComparedSourceImageFace(BoundingBox BoundingBox, float Confidence);

/// <summary>A target face whose similarity reached the threshold; <see cref="Similarity"/> is 0-100.</summary>
public sealed record CompareFacesMatch(float Similarity, ComparedFace Face);

/// <summary>A target face as CompareFaces describes it.</summary>
public sealed record ComparedFace
{
    public required BoundingBox BoundingBox { get; init; }

    public required float Confidence { get; init; }

    public IReadOnlyList<Landmark>? Landmarks { get; init; }

    public Pose? Pose { get; init; }

    public ImageQuality? Quality { get; init; }
}
