using System.Globalization;

namespace FaceAspire.AppHost.Tests.Support;

/// <summary>Reads the process table from /proc, to check what a stop really ended.</summary>
internal static class ProcessInfo
{
    /// <summary>Every descendant of <paramref name="pid"/> (children, grandchildren, ...).</summary>
    public static IReadOnlyList<int> Descendants(int pid)
    {
        var result = new List<int>();
        var pending = new Queue<int>([pid]);
        while (pending.TryDequeue(out var current))
        {
            foreach (var child in Children(current))
            {
                result.Add(child);
                pending.Enqueue(child);
            }
        }

        return result;
    }

    /// <summary>
    /// Every process started on behalf of <paramref name="pid"/>: its descendants and Aspire's orchestrator (which detaches
    /// itself but names the process it serves with <c>--monitor</c>) with the resources it runs.
    /// </summary>
    public static IReadOnlyList<int> StartedBy(int pid)
    {
        var orchestrators = Directory.GetDirectories("/proc")
            .Select(dir => int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1)
            .Where(id => id > 0 && CommandLine(id).Contains($"--monitor {pid.ToString(CultureInfo.InvariantCulture)}", StringComparison.Ordinal));
        return [.. Descendants(pid).Concat(orchestrators.SelectMany(id => Descendants(id).Prepend(id))).Distinct().Where(IsRunning)];
    }

    /// <summary>Whether <paramref name="pid"/> still runs (a zombie waiting to be reaped counts as ended).</summary>
    public static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state is not ("Z" or "X");
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The command line of <paramref name="pid"/> with its arguments separated by spaces; empty once it has ended.</summary>
    public static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').TrimEnd();
        }
        catch (IOException)
        {
            return string.Empty;
        }
        catch (UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }

    /// <summary>Waits until the process has at least <paramref name="count"/> descendants.</summary>
    public static async Task<IReadOnlyList<int>> WaitForDescendantsAsync(int pid, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var descendants = Descendants(pid);
            if (descendants.Count >= count || DateTime.UtcNow > deadline)
            {
                return descendants;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    private static IEnumerable<int> Children(int pid)
    {
        var taskDirectory = $"/proc/{pid}/task";
        if (!Directory.Exists(taskDirectory))
        {
            return [];
        }

        try
        {
            return Directory.GetDirectories(taskDirectory)
                .Select(task => Path.Combine(task, "children"))
                .Where(File.Exists)
                .SelectMany(file => File.ReadAllText(file).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Select(text => int.Parse(text, CultureInfo.InvariantCulture))
                .ToList();
        }
        catch (IOException)
        {
            // The process ended while its task folders were read.
            return [];
        }
    }
}
