using System.Globalization;

namespace FaceAspire.AppHost;

/// <summary>
/// What the developer can change through the AppHost's environment, and where local state lives
/// (<c>.faceaspire/</c> at the repository root, git-ignored, unless <c>FACEASPIRE_STATE_DIR</c> names another folder).
/// </summary>
internal sealed record AppHostSettings(
    string RepositoryRoot,
    int WebPort,
    string? AdminEmail,
    string? AdminPassword,
    string StateDirectory,
    int ApiReplicas = 1)
{
    /// <summary>The AppHost's own settings, read from its environment (or command line).</summary>
    public static IReadOnlyList<string> VariableNames { get; } =
        ["FACEASPIRE_PORT", "FACEASPIRE_STATE_DIR", "FACEASPIRE_ADMIN_EMAIL", "FACEASPIRE_ADMIN_PASSWORD", "FACEASPIRE_API_REPLICAS"];

    /// <summary>Port of the web front end unless <c>FACEASPIRE_PORT</c> says otherwise.</summary>
    public const int DefaultWebPort = 8080;

    /// <summary>Name of the state folder at the repository root unless <c>FACEASPIRE_STATE_DIR</c> says otherwise.</summary>
    public const string DefaultStateDirectoryName = ".faceaspire";

    /// <summary>Address of the web front end, the one the browser uses.</summary>
    public string WebUrl => string.Create(CultureInfo.InvariantCulture, $"http://localhost:{WebPort}");

    public string PostgresDirectory => Path.Combine(StateDirectory, "postgres");

    public string StorageDirectory => Path.Combine(StateDirectory, "storage");

    public string JwtSigningKeyFile => Path.Combine(StateDirectory, "jwt-signing-key");

    public string AlertFunctionKeyFile => Path.Combine(StateDirectory, "alert-function-key");

    public string NodeModules => Path.Combine(RepositoryRoot, "node_modules");

    public string WebRoot => Path.Combine(RepositoryRoot, "FaceAspire.Web", "wwwroot");

    /// <summary>
    /// Reads <c>FACEASPIRE_PORT</c>, <c>FACEASPIRE_ADMIN_EMAIL</c>, <c>FACEASPIRE_ADMIN_PASSWORD</c> and
    /// <c>FACEASPIRE_STATE_DIR</c> (a relative folder is taken from the current directory) and
    /// <c>FACEASPIRE_API_REPLICAS</c> (how many API instances run behind the front end).
    /// </summary>
    /// <exception cref="ArgumentException"><c>FACEASPIRE_PORT</c> is not a port number or
    /// <c>FACEASPIRE_API_REPLICAS</c> not a number from 1 to 16.</exception>
    public static AppHostSettings FromEnvironment(string repositoryRoot, IReadOnlyDictionary<string, string> environment)
    {
        var port = DefaultWebPort;
        if (environment.TryGetValue("FACEASPIRE_PORT", out var portText) && !string.IsNullOrWhiteSpace(portText)
            && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            throw new ArgumentException($"FACEASPIRE_PORT must be a port number (1-65535), not '{portText}'.");
        }

        var replicas = 1;
        if (environment.TryGetValue("FACEASPIRE_API_REPLICAS", out var replicasText) && !string.IsNullOrWhiteSpace(replicasText)
            && (!int.TryParse(replicasText, NumberStyles.None, CultureInfo.InvariantCulture, out replicas) || replicas is < 1 or > 16))
        {
            throw new ArgumentException($"FACEASPIRE_API_REPLICAS must be a number from 1 to 16, not '{replicasText}'.");
        }

        var root = Path.GetFullPath(repositoryRoot);
        var stateDirectory = environment.TryGetValue("FACEASPIRE_STATE_DIR", out var stateText) && !string.IsNullOrWhiteSpace(stateText)
            ? Path.GetFullPath(stateText)
            : Path.Combine(root, DefaultStateDirectoryName);
        return new AppHostSettings(
            root,
            port,
            environment.GetValueOrDefault("FACEASPIRE_ADMIN_EMAIL"),
            environment.GetValueOrDefault("FACEASPIRE_ADMIN_PASSWORD"),
            stateDirectory,
            replicas);
    }
}
