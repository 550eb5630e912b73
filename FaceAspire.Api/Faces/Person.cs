namespace FaceAspire.Api.Faces;

/// <summary>
/// A person: faces of one owner that clustering grouped together, or that the owner moved into it. The faces point at
/// their person (<see cref="Analysis.PhotoFace.PersonId"/>); a person never spans owners.
/// </summary>
public sealed class Person
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid OwnerId { get; init; }

    /// <summary>The name the owner gave; null until named.</summary>
    public string? Name { get; set; }

    /// <summary>Longest name accepted.</summary>
    public const int MaxNameLength = 100;

    public DateTimeOffset CreatedAt { get; init; }
}
