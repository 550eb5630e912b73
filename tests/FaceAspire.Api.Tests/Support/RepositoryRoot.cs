namespace FaceAspire.Api.Tests.Support;

/// <summary>Locates the checkout, where the npm packages (s3rver, sample photos) are installed.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string NodeModule(params string[] parts) =>
        System.IO.Path.Combine([Path, "node_modules", .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "FaceAspire.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("FaceAspire.sln not found above the test output folder.");
    }
}
