using System.Reflection;

namespace FaceAspire.AppHost.Tests.Support;

/// <summary>Paths recorded by the build (see the test project file).</summary>
internal static class BuildInfo
{
    private static readonly IReadOnlyDictionary<string, string> Metadata = typeof(BuildInfo).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Where(a => a.Value is not null)
        .ToDictionary(a => a.Key, a => a.Value!, StringComparer.Ordinal);

    public static string RepositoryRoot => Metadata["RepositoryRoot"];

    /// <summary>The AppHost's built entry assembly, in the AppHost's own output folder.</summary>
    public static string AppHostAssembly =>
        Metadata.TryGetValue("AppHostAssembly", out var path) && File.Exists(path)
            ? path
            : throw new InvalidOperationException("FaceAspire.AppHost has not been built; build the test project first.");
}
