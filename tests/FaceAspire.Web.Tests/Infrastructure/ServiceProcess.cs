using FaceAspire.TestSupport;

namespace FaceAspire.Web.Tests.Infrastructure;

/// <summary>A command of a service started from its built assembly (the API's <c>create-admin</c>), as an operator runs it.</summary>
internal sealed class ServiceProcess(string name, ManagedProcess process) : IAsyncDisposable
{
    public string Name { get; } = name;

    public Task<int> Exited => process.Exited;

    public static ServiceProcess Start(
        string name, string projectName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, PrefixedOutput output)
    {
        var assembly = BuildInfo.ServiceAssembly(projectName);
        var process = ManagedProcess.Start(
            name, "dotnet", [assembly, .. arguments], BuildInfo.ProjectDirectory(projectName), environment, output);
        return new ServiceProcess(name, process);
    }

    public async ValueTask DisposeAsync()
    {
        await process.StopAsync(TimeSpan.FromSeconds(10));
        process.Dispose();
    }
}
