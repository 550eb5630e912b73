namespace FaceAspire.Web.Tests.Infrastructure;

/// <summary>
/// Real photos with faces from the <c>@vladmandic/face-api</c> npm package (installed by <c>npm ci</c> at the
/// repository root; never copied into the repository), a real photo without a face from the labelled evaluation
/// folder beside the repository, and fake images made at test time.
/// </summary>
internal static class TestPhotos
{
    /// <summary>Evaluation folder variable, as the face engine CLI and the engine tests read it.</summary>
    private const string EvalDirectoryVariable = "FACEASPIRE_EVAL_DIR";

    /// <summary>
    /// A landscape photo (mountains under a sunset sky, 565x339 JPEG) without any person: the no-face negative of the
    /// CompreFace sample set in the evaluation folder (<c>FACEASPIRE_EVAL_DIR</c>, else <c>../shared/eval</c> beside the
    /// repository), read in place. The test is skipped where that folder is absent.
    /// </summary>
    public static Microsoft.Playwright.FilePayload LandscapePayload()
    {
        var folder = Environment.GetEnvironmentVariable(EvalDirectoryVariable) is { Length: > 0 } configured
            ? configured
            : Path.GetFullPath(Path.Combine(BuildInfo.RepositoryRoot, "..", "shared", "eval"));
        var path = Path.Combine(folder, "compreface_samples", "images", "017_0.jpg");
        if (!File.Exists(path))
        {
            Assert.Skip($"The labelled eval folder is absent (set {EvalDirectoryVariable} or place it at ../shared/eval): {path}");
        }

        return new Microsoft.Playwright.FilePayload { Name = "sunset-landscape.jpg", MimeType = "image/jpeg", Buffer = File.ReadAllBytes(path) };
    }

    public static string Sample(int number)
    {
        var path = Path.Combine(BuildInfo.RepositoryRoot, "node_modules", "@vladmandic", "face-api", "demo", $"sample{number}.jpg");
        return File.Exists(path) ? path : throw new FileNotFoundException("Run `npm ci` at the repository root for the demo photos.", path);
    }

    /// <summary>A real face photo as an upload payload.</summary>
    public static Microsoft.Playwright.FilePayload SamplePayload(int number) => new()
    {
        Name = $"sample{number}.jpg",
        MimeType = "image/jpeg",
        Buffer = File.ReadAllBytes(Sample(number)),
    };

    /// <summary>
    /// A photo of one person: the largest face of demo photo 3 (the same person as one face of demo photo 1) with its
    /// surroundings, cut out by the browser's canvas at test time.
    /// </summary>
    public static async Task<Microsoft.Playwright.FilePayload> SinglePersonJpegAsync(Microsoft.Playwright.IPage page)
    {
        const string crop = """
            async (source) => {
              const image = new Image();
              image.src = 'data:image/jpeg;base64,' + source;
              await image.decode();
              const canvas = document.createElement('canvas');
              canvas.width = 560; canvas.height = 560;
              canvas.getContext('2d').drawImage(image, 904, 93, 560, 560, 0, 0, 560, 560);
              return canvas.toDataURL('image/jpeg', 0.92).split(',')[1];
            }
            """;
        var base64 = await page.EvaluateAsync<string>(crop, Convert.ToBase64String(File.ReadAllBytes(Sample(3))));
        return new Microsoft.Playwright.FilePayload { Name = "single-person.jpg", MimeType = "image/jpeg", Buffer = Convert.FromBase64String(base64) };
    }

    /// <summary>
    /// A PNG without any face (gradients and shapes), drawn by the browser's canvas at test time so no image
    /// library or committed file is needed.
    /// </summary>
    public static async Task<Microsoft.Playwright.FilePayload> NoFacePngAsync(Microsoft.Playwright.IPage page)
    {
        const string draw = """
            () => {
              const canvas = document.createElement('canvas');
              canvas.width = 640; canvas.height = 480;
              const g = canvas.getContext('2d');
              const sky = g.createLinearGradient(0, 0, 0, 480);
              sky.addColorStop(0, '#4a90d9'); sky.addColorStop(1, '#d8ecff');
              g.fillStyle = sky; g.fillRect(0, 0, 640, 480);
              g.fillStyle = '#2e7d32'; g.fillRect(0, 330, 640, 150);
              g.fillStyle = '#795548'; g.fillRect(420, 200, 120, 130);
              g.fillStyle = '#b71c1c'; g.beginPath(); g.moveTo(400, 200); g.lineTo(480, 130); g.lineTo(560, 200); g.fill();
              return canvas.toDataURL('image/png').split(',')[1];
            }
            """;
        var base64 = await page.EvaluateAsync<string>(draw);
        return new Microsoft.Playwright.FilePayload { Name = "landscape.png", MimeType = "image/png", Buffer = Convert.FromBase64String(base64) };
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
