namespace FaceAspire.Api.Storage;

/// <summary>
/// The object store could not be reached or failed on its side (S3 5xx, a refused connection, an I/O error of the
/// storage folder). Requests that meet it answer 503 with <c>Retry-After</c>; nothing of the request is kept.
/// </summary>
public sealed class StorageUnavailableException(string message, Exception inner) : Exception(message, inner);
