namespace FaceAspire.Api.Photos;

/// <summary>Turns a client-supplied file name into harmless display metadata; it never reaches a storage path.</summary>
public static class FileNames
{
    public const int MaximumLength = 255;
    private const string Fallback = "photo";

    public static string Sanitize(string? fileName)
    {
        // Clients may send a full path ("C:\fakepath\a.jpg"); keep the last segment only.
        var name = (fileName ?? string.Empty).Split('/', '\\')[^1];
        var cleaned = new string(name.Where(c => !char.IsControl(c) && c is not ('"' or '<' or '>' or '|' or '*' or '?' or ':')).ToArray())
            .Trim()
            .TrimStart('.');
        if (cleaned.Length > MaximumLength)
        {
            cleaned = cleaned[..MaximumLength];
        }

        return cleaned.Length == 0 ? Fallback : cleaned;
    }
}
