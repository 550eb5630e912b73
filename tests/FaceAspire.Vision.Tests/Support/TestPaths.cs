namespace FaceAspire.Vision.Tests.Support;

/// <summary>Where the test inputs live: the repository's npm packages and the labelled eval folder beside it.</summary>
internal static class TestPaths
{
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>Demo photos with real faces from <c>@vladmandic/face-api</c> (installed by <c>npm ci</c>).</summary>
    public static string SamplePhoto(int n) => Path.Combine(RepositoryRoot, "node_modules", "@vladmandic", "face-api", "demo", $"sample{n}.jpg");

    /// <summary>The labelled eval folder: <c>FACEASPIRE_EVAL_DIR</c>, else <c>../shared/eval</c> beside the repository; null when absent.</summary>
    public static string? EvalDirectory
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable("FACEASPIRE_EVAL_DIR");
            var dir = configured is { Length: > 0 } ? configured : Path.Combine(RepositoryRoot, "..", "shared", "eval");
            return Directory.Exists(dir) ? Path.GetFullPath(dir) : null;
        }
    }

    /// <summary>A file of the eval folder, or a skip naming what is missing.</summary>
    public static string EvalFile(string relative)
    {
        var path = EvalDirectory is { } dir ? Path.Combine(dir, relative) : null;
        if (path is null || !File.Exists(path))
        {
            Assert.Skip($"The labelled eval folder is absent (set FACEASPIRE_EVAL_DIR or place it at ../shared/eval): {relative}");
        }

        return path!;
    }

    /// <summary>A demo photo, or a failure telling how to install it (the npm packages are a build prerequisite).</summary>
    public static byte[] ReadSample(int n)
    {
        var path = SamplePhoto(n);
        File.Exists(path).ShouldBeTrue($"{path} is missing: run `npm ci` at the repository root.");
        return File.ReadAllBytes(path);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FaceAspire.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The tests must run inside the repository (FaceAspire.sln not found above them).");
    }
}
