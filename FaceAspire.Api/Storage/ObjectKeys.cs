using System.Text.RegularExpressions;

namespace FaceAspire.Api.Storage;

/// <summary>
/// The key layout of the object store. Everything of a photo lives under its random id; analysis results go under
/// <see cref="ResultsPrefix"/> so they can be listed, expired or replicated apart from the images.
/// </summary>
public static partial class ObjectKeys
{
    /// <summary>Prefix of all photo objects.</summary>
    public const string PhotosPrefix = "photos/";

    /// <summary>Prefix of analysis results stored as JSON.</summary>
    public const string ResultsPrefix = "results/";

    /// <summary>
    /// Prefix of deletion outbox keys that name faces or collections in AWS Rekognition rather than objects
    /// (<see cref="Faces.RekognitionFaceMatcher"/>); nothing is stored under it.
    /// </summary>
    public const string RekognitionPrefix = "rekognition/";

    /// <summary>The untouched upload; private, never served as is.</summary>
    public static string Original(Guid photoId) => $"{PhotosPrefix}{photoId:N}/original";

    /// <summary>The upright, metadata-free JPEG served to clients.</summary>
    public static string Display(Guid photoId) => $"{PhotosPrefix}{photoId:N}/display.jpg";

    /// <summary>The gallery thumbnail.</summary>
    public static string Thumbnail(Guid photoId) => $"{PhotosPrefix}{photoId:N}/thumbnail.jpg";

    /// <summary>Prefix of every image of a photo.</summary>
    public static string PhotoFolder(Guid photoId) => $"{PhotosPrefix}{photoId:N}/";

    /// <summary>A JSON result of one analysis of a photo.</summary>
    public static string Result(Guid photoId, string name) => $"{ResultsFolder(photoId)}{name}.json";

    /// <summary>Prefix of every result of a photo.</summary>
    public static string ResultsFolder(Guid photoId) => $"{ResultsPrefix}{photoId:N}/";

    /// <summary>Throws unless <paramref name="key"/> is a key this application could have produced.</summary>
    public static string Validate(string key) =>
        SafeKey().IsMatch(key) && !key.Contains("..", StringComparison.Ordinal)
            ? key
            : throw new ArgumentException($"'{key}' is not a valid object key.", nameof(key));

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]*(/[a-z0-9][a-z0-9._-]*)*/?$")]
    private static partial Regex SafeKey();
}
