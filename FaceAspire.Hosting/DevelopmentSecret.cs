using System.Security.Cryptography;

namespace FaceAspire.Hosting;

/// <summary>
/// A random secret generated on first use and kept in a file only its owner can read, so that local
/// development keeps the same key (and the tokens signed with it stay valid) across restarts.
/// </summary>
public static class DevelopmentSecret
{
    /// <summary>Reads the secret from <paramref name="path"/>, creating it (<paramref name="bytes"/> random bytes, Base64) if missing.</summary>
    public static string ReadOrCreate(string path, int bytes = 64)
    {
        if (File.Exists(path))
        {
            var existing = File.ReadAllText(path).Trim();
            if (existing.Length > 0)
            {
                return existing;
            }
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes));
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
