namespace FaceAspire.AppHost;

/// <summary>
/// What must be installed or built before the AppHost can start everything, each failure phrased as one line that says
/// what to install or run.
/// </summary>
internal static class LocalPrerequisites
{
    public static IReadOnlyList<string> Check(AppHostSettings settings, bool needsLocalPostgres)
    {
        var missing = new List<string>();
        if (needsLocalPostgres && FindPostgresBinDirectory() is null)
        {
            missing.Add("PostgreSQL server binaries were not found: sudo apt-get install -y postgresql (or set PG_BIN to the folder holding postgres and initdb)");
        }

        if (FindOnPath("node") is null)
        {
            missing.Add("node was not found on the PATH: sudo apt-get install -y nodejs npm");
        }

        if (!File.Exists(Path.Combine(settings.NodeModules, MailDevBuilderExtensions.ScriptInNodeModules)))
        {
            missing.Add("The npm packages are not installed: run `npm ci` at the repository root");
        }

        if (!File.Exists(Path.Combine(settings.WebRoot, "index.html")))
        {
            missing.Add("The web front end is not built: run `dotnet build FaceAspire.Web` (needs Node.js and npm)");
        }

        return missing;
    }

    /// <summary>
    /// The PostgreSQL server binaries: <c>PG_BIN</c> if set, else the newest <c>/usr/lib/postgresql/*/bin</c>, else the
    /// PATH. Null when PostgreSQL is not installed.
    /// </summary>
    public static string? FindPostgresBinDirectory()
    {
        static bool HasServer(string dir) => File.Exists(Path.Combine(dir, "postgres")) && File.Exists(Path.Combine(dir, "initdb"));

        if (Environment.GetEnvironmentVariable("PG_BIN") is { Length: > 0 } fromEnvironment && HasServer(fromEnvironment))
        {
            return fromEnvironment;
        }

        const string debianRoot = "/usr/lib/postgresql";
        var newest = Directory.Exists(debianRoot)
            ? Directory.GetDirectories(debianRoot)
                .Select(dir => (bin: Path.Combine(dir, "bin"), version: int.TryParse(Path.GetFileName(dir), out var v) ? v : -1))
                .Where(x => x.version >= 0 && HasServer(x.bin))
                .OrderByDescending(x => x.version)
                .Select(x => x.bin)
                .FirstOrDefault()
            : null;
        return newest ?? PathDirectories().FirstOrDefault(HasServer);
    }

    private static string? FindOnPath(string program) =>
        PathDirectories().Select(dir => Path.Combine(dir, program)).FirstOrDefault(File.Exists);

    private static string[] PathDirectories() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
}
