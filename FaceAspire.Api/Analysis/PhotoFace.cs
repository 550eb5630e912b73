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

    /// <summary>
    /// The identity descriptor of <see cref="EngineVersion"/> in its stored form (half precision, little-endian:
    /// <see cref="Vision.Identity.EmbeddingCodec"/>); null while the face awaits re-analysis, or when its owner turned
    /// face recognition off.
    /// </summary>
    public byte[]? Embedding { get; set; }

    /// <summary>
    /// The face's <c>FaceId</c> in its owner's AWS Rekognition collection, with <c>Analysis:Engine=Rekognition</c>
    /// (Rekognition keeps the descriptor; face search, compare and people ask Rekognition); null with the local engine,
    /// or when the face was not indexed (face recognition off).
    /// </summary>
    public string? RekognitionFaceId { get; set; }

    /// <summary>The person the face belongs to (people clustering, or a move by the owner); null for none.</summary>
    public Guid? PersonId { get; set; }

    /// <summary>Set when the owner moved the face (into a person or out of every person): clustering leaves it alone.</summary>
    public bool PersonLocked { get; set; }
}
