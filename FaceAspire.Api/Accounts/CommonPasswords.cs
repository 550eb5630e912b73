using System.Text.Json;

namespace FaceAspire.Api.Accounts;

/// <summary>
/// The most common passwords, taken at build time from the <c>@zxcvbn-ts/language-common</c> npm package and
/// embedded in this assembly (see the project file), compared case-insensitively.
/// </summary>
public sealed class CommonPasswords
{
    internal const string ResourceName = "FaceAspire.Api.Accounts.common-passwords.json";

    private readonly HashSet<string> _passwords;

    private CommonPasswords(HashSet<string> passwords) => _passwords = passwords;

    /// <summary>How many passwords the list holds.</summary>
    public int Count => _passwords.Count;

    public bool Contains(string password) => _passwords.Contains(password);

    /// <summary>Loads the embedded list.</summary>
    public static CommonPasswords Load()
    {
        using var stream = typeof(CommonPasswords).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing; rebuild with the npm packages installed.");
        var list = JsonSerializer.Deserialize<string[]>(stream) ?? [];
        return new CommonPasswords(new HashSet<string>(list, StringComparer.OrdinalIgnoreCase));
    }
}
