using System.Reflection;

namespace FaceAspire.Web.Tests.Infrastructure;

/// <summary>Paths recorded by the build (see the test project file).</summary>
internal static class BuildInfo
{
    private static readonly IReadOnlyDictionary<string, string> Metadata = typeof(BuildInfo).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Where(a => a.Value is not null)
        .ToDictionary(a => a.Key, a => a.Value!, StringComparer.Ordinal);

    public static string RepositoryRoot => Metadata["RepositoryRoot"];

    /// <summary>The built entry assembly of a service project, e.g. <c>FaceAspire.Api</c>.</summary>
    public static string ServiceAssembly(string projectName) =>
        Metadata.TryGetValue($"ServiceProject:{projectName}", out var path) && File.Exists(path)
            ? path
            : throw new InvalidOperationException($"{projectName} has not been built; build the test project first.");

    /// <summary>The project folder of a service: its content root, as when the app host or dotnet run starts it.</summary>
    public static string ProjectDirectory(string projectName) => Path.Combine(RepositoryRoot, projectName);
}
