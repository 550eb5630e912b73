using FaceAspire.TestSupport;

namespace FaceAspire.Web.Tests.Infrastructure;

/// <summary>One process of the stack: a service started from its built assembly, or MailDev, the way the app host starts them.</summary>
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

    /// <summary>Runs a Node.js script from the repository's <c>node_modules</c> (MailDev), in the script's folder.</summary>
    public static ServiceProcess StartNode(string name, string script, IEnumerable<string> arguments, PrefixedOutput output)
    {
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"{script} is missing: run `npm ci` at the repository root.");
        }

        var process = ManagedProcess.Start(
            name, "node", [script, .. arguments], Path.GetDirectoryName(script)!, new Dictionary<string, string>(StringComparer.Ordinal), output);
        return new ServiceProcess(name, process);
    }

    /// <summary>Waits until <paramref name="healthUrl"/> answers 2xx, failing fast with the exit code if the process dies first.</summary>
    public Task WaitUntilHealthyAsync(Uri healthUrl, CancellationToken cancellationToken) =>
        HealthProbe.WaitUntilHealthyAsync(
            healthUrl,
            TimeSpan.FromSeconds(90),
            Exited.ContinueWith(t => $"{Name} exited with code {t.Result} before it was healthy.", TaskScheduler.Default),
            cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await process.StopAsync(TimeSpan.FromSeconds(10));
        process.Dispose();
    }
}
