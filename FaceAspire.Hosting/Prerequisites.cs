namespace FaceAspire.Hosting;

/// <summary>
/// Checks for the programs and files local development needs, each failure phrased as one line that says
/// what to install or run.
/// </summary>
public sealed class Prerequisites
{
    private readonly List<string> _missing = [];

    /// <summary>The one-line messages of the checks that failed.</summary>
    public IReadOnlyList<string> Missing => _missing;

    /// <summary>Requires a program on the PATH.</summary>
    public Prerequisites RequireProgram(string program, string whatToDo)
    {
        if (FindOnPath(program) is null)
        {
            _missing.Add($"{program} was not found on the PATH: {whatToDo}");
        }

        return this;
    }

    /// <summary>Requires a condition, with the line to print when it does not hold.</summary>
    public Prerequisites Require(bool condition, string message)
    {
        if (!condition)
        {
            _missing.Add(message);
        }

        return this;
    }

    /// <summary>Full path of <paramref name="program"/> on the PATH, or null.</summary>
    public static string? FindOnPath(string program)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);
    }
}
