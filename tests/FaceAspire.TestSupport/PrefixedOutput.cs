namespace FaceAspire.TestSupport;

/// <summary>
/// Writes the lines of several processes to one writer, each prefixed with its resource name
/// (<c>[api] ...</c>), one whole line at a time so that concurrent processes never interleave mid-line.
/// </summary>
public sealed class PrefixedOutput(TextWriter writer)
{
    private readonly Lock _gate = new();

    /// <summary>The prefixed form of <paramref name="line"/>.</summary>
    public static string Format(string source, string line) => $"[{source}] {line}";

    /// <summary>Writes <paramref name="line"/> (trailing carriage return removed) prefixed with <paramref name="source"/>.</summary>
    public void WriteLine(string source, string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var text = Format(source, line.TrimEnd('\r'));
        lock (_gate)
        {
            writer.WriteLine(text);
            writer.Flush();
        }
    }
}
