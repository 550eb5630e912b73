namespace FaceAspire.Api.Storage;

/// <summary>
/// An object (or, for a key ending in <c>/</c>, every object under that prefix) that must be deleted from the object
/// store. Written in the transaction that deletes whatever owned the objects, so the objects can never be orphaned:
/// the request deletes them at once when storage is up and removes the row; otherwise
/// <see cref="ObjectDeletionService"/> retries with back-off until storage is back.
/// </summary>
public sealed class ObjectDeletion
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    /// <summary>The object key, or a prefix ending in <c>/</c> (such as <see cref="ObjectKeys.ResultsFolder"/>).</summary>
    public required string Key { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Failed attempts so far.</summary>
    public int Attempts { get; set; }

    /// <summary>Not tried again before this time (exponential back-off, or the claim of the attempt in progress).</summary>
    public DateTimeOffset NextAttemptAt { get; set; }

    public string? LastError { get; set; }

    /// <summary>True when <see cref="Key"/> names a prefix rather than one object.</summary>
    public static bool IsPrefix(string key) => key.EndsWith('/');
}
