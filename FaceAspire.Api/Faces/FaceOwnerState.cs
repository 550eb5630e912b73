namespace FaceAspire.Api.Faces;

/// <summary>
/// Per owner: whether face recognition (descriptors, search, people) is on, and the version of their set of face
/// descriptors. Database triggers move <see cref="IndexVersion"/> on whenever a face row of the owner is added,
/// removed or gets or loses its descriptor (photo deletions, analyses, the privacy switch), so every API instance
/// can tell with one read whether its in-memory index of the owner is current, and the clustering service knows
/// which owners have faces to group (<see cref="ClusteredVersion"/> behind <see cref="IndexVersion"/>).
/// </summary>
public sealed class FaceOwnerState
{
    public Guid OwnerId { get; init; }

    /// <summary>Off: no descriptor is kept, and search, compare and people answer 409.</summary>
    public bool RecognitionEnabled { get; set; } = true;

    public long IndexVersion { get; set; }

    /// <summary>The <see cref="IndexVersion"/> the last clustering run saw.</summary>
    public long ClusteredVersion { get; set; }
}
