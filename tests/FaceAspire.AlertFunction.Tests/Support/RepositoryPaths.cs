namespace FaceAspire.AlertFunction.Tests.Support;

/// <summary>Finds files of the repository checkout the tests run from.</summary>
internal static class RepositoryPaths
{
    /// <summary>The repository root: the nearest ancestor of the test binaries holding FaceAspire.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The root npm packages (installed by the build with <c>npm ci</c>).</summary>
    public static string NodeModules => Path.Combine(Root, "node_modules");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "FaceAspire.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("FaceAspire.sln not found above the test binaries.");
    }
}
