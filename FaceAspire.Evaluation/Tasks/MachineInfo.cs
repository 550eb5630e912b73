namespace FaceAspire.Evaluation.Tasks;

/// <summary>The machine a figure was measured on, for reports: logical processors and CPU model.</summary>
public static class MachineInfo
{
    public static string Describe()
    {
        var model = "unknown CPU";
        const string cpuInfo = "/proc/cpuinfo";
        if (File.Exists(cpuInfo))
        {
            var line = File.ReadLines(cpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            if (line is not null && line.IndexOf(':', StringComparison.Ordinal) is var colon and >= 0)
            {
                model = line[(colon + 1)..].Trim();
            }
        }

        return $"{Environment.ProcessorCount} logical processors, {model}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}";
    }
}
