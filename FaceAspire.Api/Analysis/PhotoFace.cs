namespace FaceAspire.Api.Analysis;

/// <summary>
/// One face found by one engine version in one photo. The columns that lists filter on are kept apart from the full
/// Rekognition FaceDetail (<see cref="Detail"/>, jsonb), which is what clients receive.
/// </summary>
public sealed class PhotoFace
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid PhotoId { get; init; }

    public required string EngineVersion { get; init; }

    /// <summary>Position in the result, largest face first.</summary>
    public int FaceIndex { get; init; }

    /// <summary>Detection confidence, 0-100.</summary>
    public float Confidence { get; init; }

    public float BoxLeft { get; init; }

    public float BoxTop { get; init; }

    public float BoxWidth { get; init; }

    public float BoxHeight { get; init; }

    public bool? Smile { get; init; }

    public bool? EyesOpen { get; init; }

    /// <summary>The Rekognition FaceDetail JSON (PascalCase).</summary>
    public required string Detail { get; init; }
}
