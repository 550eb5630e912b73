namespace FaceAspire.Web.Tests.Infrastructure;

/// <summary>
/// Real photos with faces from the <c>@vladmandic/face-api</c> npm package (installed by <c>npm ci</c> at the
/// repository root; never copied into the repository), and a fake image made at test time.
/// </summary>
internal static class TestPhotos
{
    public static string Sample(int number)
    {
        var path = Path.Combine(BuildInfo.RepositoryRoot, "node_modules", "@vladmandic", "face-api", "demo", $"sample{number}.jpg");
        return File.Exists(path) ? path : throw new FileNotFoundException("Run `npm ci` at the repository root for the demo photos.", path);
    }

    /// <summary>A text file named like a JPEG, which the API must reject by its bytes.</summary>
    public static string FakeJpeg(string folder)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "not-a-photo.jpg");
        File.WriteAllText(path, "This is plain text, not an image.");
        return path;
    }
}
