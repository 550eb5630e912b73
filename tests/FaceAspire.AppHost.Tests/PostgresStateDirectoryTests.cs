using FaceAspire.AppHost.Tests.Support;

namespace FaceAspire.AppHost.Tests;

public sealed class PostgresStateDirectoryTests
{
    [Fact]
    public async Task A_cluster_folder_the_postgres_user_cannot_reach_moves_under_var_tmp_only_for_root()
    {
        using var temp = new TempDirectory();
        var privateCheckout = Path.Combine(temp.Path, "home");
        Directory.CreateDirectory(privateCheckout);
        File.SetUnixFileMode(privateCheckout, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var requested = Path.Combine(privateCheckout, ".faceaspire", "postgres");
        var reachable = Path.Combine(temp.Path, ".faceaspire", "postgres");

        var resolved = await PostgresStateDirectory.ResolveAsync(requested, TestContext.Current.CancellationToken);

        if (Environment.UserName == "root")
        {
            resolved.ShouldStartWith("/var/tmp/faceaspire-");
            resolved.ShouldEndWith("/postgres");
            (await PostgresStateDirectory.ResolveAsync(requested, TestContext.Current.CancellationToken)).ShouldBe(resolved);
        }
        else
        {
            resolved.ShouldBe(requested);
        }

        (await PostgresStateDirectory.ResolveAsync(reachable, TestContext.Current.CancellationToken)).ShouldBe(reachable);
    }
}
