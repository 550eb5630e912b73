using FaceAspire.Hosting;

namespace FaceAspire.AppHost;

/// <summary>What must be installed or built before the AppHost can start everything.</summary>
internal static class LocalPrerequisites
{
    public static IReadOnlyList<string> Check(AppHostSettings settings) =>
        new Prerequisites()
            .Require(LocalPostgresServer.FindBinDirectory() is not null,
                "PostgreSQL server binaries were not found: sudo apt-get install -y postgresql (or set PG_BIN to the folder holding pg_ctl)")
            .RequireProgram("node", "sudo apt-get install -y nodejs npm")
            .Require(File.Exists(Path.Combine(settings.NodeModules, MailDevBuilderExtensions.ScriptInNodeModules)),
                "The npm packages are not installed: run `npm ci` at the repository root")
            .Require(File.Exists(Path.Combine(settings.WebRoot, "index.html")),
                "The web front end is not built: run `dotnet build FaceAspire.Web` (needs Node.js and npm)")
            .Missing;
}
