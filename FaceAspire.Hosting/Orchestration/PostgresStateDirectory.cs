using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace FaceAspire.Hosting.Orchestration;

/// <summary>
/// As root, PostgreSQL runs as the <c>postgres</c> user, which cannot enter a checkout under a private folder
/// such as <c>/root</c>. Then the cluster moves to a folder of its own under <c>/var/tmp</c>, named after
/// the requested one so each checkout keeps its own cluster.
/// </summary>
internal static class PostgresStateDirectory
{
    public static async Task<string> ResolveAsync(string requested, CancellationToken cancellationToken)
    {
        if (Environment.UserName != "root")
        {
            return requested;
        }

        var parent = Path.GetDirectoryName(Path.GetFullPath(requested))!;
        Directory.CreateDirectory(parent);
        if (await PostgresUserCanEnterAsync(parent, cancellationToken).ConfigureAwait(false))
        {
            return requested;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(requested)))[..12];
        return Path.Combine("/var/tmp", $"faceaspire-{hash}", Path.GetFileName(requested));
    }

    private static async Task<bool> PostgresUserCanEnterAsync(string directory, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo("runuser") { UseShellExecute = false, RedirectStandardError = true };
        foreach (var argument in new[] { "-u", "postgres", "--", "test", "-x", directory, "-a", "-r", directory })
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)!;
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return process.ExitCode == 0;
    }
}
