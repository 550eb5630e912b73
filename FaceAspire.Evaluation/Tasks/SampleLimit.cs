namespace FaceAspire.Evaluation.Tasks;

/// <summary>
/// The <c>--limit</c> rule: at most N samples picked at evenly spaced positions, so a short run still
/// covers the whole list (label files are often sorted by class) and picks the same samples every time.
/// </summary>
public static class SampleLimit
{
    public static List<T> Spread<T>(IEnumerable<T> samples, int? limit)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var all = samples.ToList();
        if (limit is not { } n || n >= all.Count)
        {
            return all;
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        return [.. Enumerable.Range(0, n).Select(i => all[(int)((long)i * all.Count / n)])];
    }
}
