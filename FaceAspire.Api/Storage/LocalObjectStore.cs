using System.Runtime.CompilerServices;

namespace FaceAspire.Api.Storage;

/// <summary>
/// Stores objects as files under one root folder; a key's slashes become sub-folders. The root is created with the
/// store; once it is missing (a lost or unmounted folder, or a file in its place), reads, lists and deletes are
/// <see cref="StorageUnavailableException"/> rather than "not found", so that nothing is taken as deleted that is not.
/// </summary>
public sealed class LocalObjectStore(string rootPath) : IObjectStore
{
    private readonly string _root = CreateRoot(Path.GetFullPath(rootPath));

    public async Task PutAsync(string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        // Write beside and rename, so a reader never sees half an object.
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllBytesAsync(temporary, content, cancellationToken);
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Unavailable(ex);
        }
        finally
        {
            TryDelete(temporary);
        }
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        try
        {
            if (File.Exists(path))
            {
                return Task.FromResult<Stream?>(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true));
            }

            // A missing object under a missing root is a lost or unmounted folder, not a missing object.
            EnsureRoot();
            return Task.FromResult<Stream?>(null);
        }
        catch (FileNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Unavailable(ex);
        }
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        // Deleting under a missing root "succeeds" on most systems; the object is elsewhere, not gone.
        EnsureRoot();
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
            // Nothing to delete.
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Unavailable(ex);
        }

        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<string> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        EnsureRoot();
        // Only the folder the prefix is in is walked, not the whole store.
        var slash = prefix.LastIndexOf('/');
        var folder = slash > 0 ? PathOf(prefix[..slash]) : _root;
        List<string> files;
        try
        {
            files = Directory.Exists(folder) ? [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)] : [];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Unavailable(ex);
        }

        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var key = Path.GetRelativePath(_root, file).Replace(Path.DirectorySeparatorChar, '/');
            if (key.StartsWith(prefix, StringComparison.Ordinal) && !key.EndsWith(".tmp", StringComparison.Ordinal))
            {
                yield return key;
            }
        }

        await Task.CompletedTask;
    }

    private static string CreateRoot(string root)
    {
        try
        {
            Directory.CreateDirectory(root);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Reported as unavailable by the first operation that needs it.
        }

        return root;
    }

    private void EnsureRoot()
    {
        if (!Directory.Exists(_root))
        {
            throw Unavailable(new DirectoryNotFoundException($"The storage folder '{_root}' is not there."));
        }
    }

    private static StorageUnavailableException Unavailable(Exception ex) =>
        new($"The storage folder cannot be used: {ex.Message}", ex);

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The temporary file could not be removed either; the outage is reported by the caller.
        }
    }

    private string PathOf(string key)
    {
        var path = Path.GetFullPath(Path.Combine(_root, ObjectKeys.Validate(key)));
        return path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? path
            : throw new ArgumentException($"'{key}' escapes the storage root.", nameof(key));
    }
}
