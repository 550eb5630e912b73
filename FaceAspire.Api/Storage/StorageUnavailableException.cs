namespace FaceAspire.Api.Storage;

/// <summary>
/// The object store could not be reached or failed on its side (S3 5xx, a refused connection, an I/O error of the
/// storage folder). Requests that meet it answer 503 with <c>Retry-After</c>; nothing of the request is kept.
/// </summary>
public sealed class StorageUnavailableException(string message, Exception inner) : Exception(message, inner)
{
    /// <summary>ENOSPC: the storage folder's file system has no space left.</summary>
    private const int NoSpaceLeft = 28;

    /// <summary>True when the store is there but full (no space left on the storage folder's device).</summary>
    public bool IsFull { get; } = inner is IOException { HResult: NoSpaceLeft };
}
