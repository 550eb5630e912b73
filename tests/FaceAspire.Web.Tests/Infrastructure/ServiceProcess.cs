using FaceAspire.Hosting.Orchestration;

namespace FaceAspire.Web.Tests.Infrastructure;

/// <summary>One service of the stack, started from its built assembly the way the app host starts it.</summary>
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

    /// <summary>Waits for <c>/health</c>, failing fast with the exit code if the process dies first.</summary>
    public Task WaitUntilHealthyAsync(Uri baseUrl, CancellationToken cancellationToken) =>
        HealthProbe.WaitUntilHealthyAsync(
            new Uri(baseUrl, "/health"),
            TimeSpan.FromSeconds(90),
            Exited.ContinueWith(t => $"{Name} exited with code {t.Result} before it was healthy.", TaskScheduler.Default),
            cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await process.StopAsync(TimeSpan.FromSeconds(10));
        process.Dispose();
    }
}
