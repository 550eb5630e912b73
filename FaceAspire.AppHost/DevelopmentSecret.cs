using System.Security.Cryptography;

namespace FaceAspire.AppHost;

/// <summary>
/// A random secret generated on first use and kept in a file only its owner can read, so that local development keeps
/// the same key (and the tokens signed with it stay valid) across restarts.
/// </summary>
internal static class DevelopmentSecret
{
    /// <summary>Reads the secret from <paramref name="path"/>, creating it (<paramref name="bytes"/> random bytes) if missing.</summary>
    public static string ReadOrCreate(string path, int bytes = 64)
    {
        if (File.Exists(path) && File.ReadAllText(path).Trim() is { Length: > 0 } existing)
        {
            return existing;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        // Hex rather than Base64: the value also travels on command lines and in connection strings.
        var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(bytes));
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(path, options))
        {
            writer.WriteLine(secret);
        }

        return secret;
    }
}
