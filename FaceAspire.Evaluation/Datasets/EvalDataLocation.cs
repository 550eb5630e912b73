namespace FaceAspire.Evaluation.Datasets;

/// <summary>
/// Finds the labelled evaluation folder: an explicit path (the <c>--data</c> option) wins, then the
/// <c>FACEASPIRE_EVAL_DIR</c> environment variable, then <c>../shared/eval</c> next to the repository root
/// (the folder holding <c>FaceAspire.sln</c>, searched upwards from the working directory and the program).
/// The images are research-only, so the repository never holds them; it only reads them by path.
/// </summary>
public static class EvalDataLocation
{
    /// <summary>Environment variable naming the evaluation folder.</summary>
    public const string EnvironmentVariable = "FACEASPIRE_EVAL_DIR";

    /// <summary>The evaluation folder, or null when none of the candidates exists.</summary>
    public static string? Resolve(string? explicitPath = null)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            return Directory.Exists(explicitPath) ? Path.GetFullPath(explicitPath) : null;
        }

        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return Directory.Exists(fromEnvironment) ? Path.GetFullPath(fromEnvironment) : null;
        }

        var root = RepositoryRoot();
        if (root is null)
        {
            return null;
        }

        var candidate = Path.GetFullPath(Path.Combine(root, "..", "shared", "eval"));
        return Directory.Exists(candidate) ? candidate : null;
    }

    /// <summary>The folder holding <c>FaceAspire.sln</c>, or null.</summary>
    public static string? RepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "FaceAspire.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        return null;
    }
}
