using FaceAspire.Evaluation.Datasets;

namespace FaceAspire.Evaluation.Tests.Engines;

/// <summary>The face photos shipped in the npm package <c>@vladmandic/face-api</c> (demo/sample1..6.jpg), read where npm installed them.</summary>
internal static class SamplePhotos
{
    public static string DirectoryOrSkip()
    {
        var root = EvalDataLocation.RepositoryRoot();
        var dir = root is null ? null : Path.Combine(root, "node_modules", "@vladmandic", "face-api", "demo");
        if (dir is null || !File.Exists(Path.Combine(dir, "sample1.jpg")))
        {
            Assert.Skip("The npm packages are not installed (run npm ci at the repository root).");
        }

        return dir;
    }
}
