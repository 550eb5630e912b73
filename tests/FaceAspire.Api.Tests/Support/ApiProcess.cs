using System.Diagnostics;
using FaceAspire.TestSupport;

namespace FaceAspire.Api.Tests.Support;

/// <summary>
/// The built FaceAspire.Api run as its own OS process (<c>dotnet FaceAspire.Api.dll</c> in the project folder, its
/// content root), started the way the app host starts it, with the environment the caller gives. Its output goes to
/// a shared log for failure messages. <see cref="KillAsync"/> ends it with SIGKILL, as a crash or an OOM kill would:
/// no graceful shutdown, nothing flushed.
/// </summary>
public sealed class ApiProcess : IAsyncDisposable
{
    private readonly ManagedProcess _process;

    private ApiProcess(ManagedProcess process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }

    /// <summary>Starts the API listening on <paramref name="url"/> and waits until <c>/health</c> answers.</summary>
    public static async Task<ApiProcess> StartAsync(string name, Uri url, IReadOnlyDictionary<string, string> environment, PrefixedOutput output)
    {
        var variables = new Dictionary<string, string>(environment, StringComparer.Ordinal)
        {
            ["ASPNETCORE_URLS"] = url.GetLeftPart(UriPartial.Authority),
        };
        var api = new ApiProcess(Start(name, [], variables, output), url);
        try
        {
            await HealthProbe.WaitUntilHealthyAsync(
                new Uri(url, "/health"),
                TimeSpan.FromSeconds(90),
                api._process.Exited.ContinueWith(t => $"{name} exited with code {t.Result} before it was healthy.", TaskScheduler.Default),
                TestContext.Current.CancellationToken);
        }
        catch
        {
            await api.DisposeAsync();
            throw;
        }

        return api;
    }

    /// <summary>Runs one of the API's commands (e.g. <c>migrate</c>) to completion and returns its exit code.</summary>
    public static async Task<int> RunCommandAsync(string name, string[] arguments, IReadOnlyDictionary<string, string> environment, PrefixedOutput output)
    {
        using var process = Start(name, arguments, environment, output);
        try
        {
            return await process.Exited.WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);
        }
        finally
        {
            await process.StopAsync(TimeSpan.FromSeconds(5));
        }
    }

    /// <summary>Sends SIGKILL to the API process (no graceful shutdown) and returns its exit code once it is gone.</summary>
    public async Task<int> KillAsync()
    {
        using (var target = Process.GetProcessById(_process.Id))
        {
            // On Unix, Process.Kill() is kill(pid, SIGKILL).
            target.Kill();
        }

        return await _process.Exited.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _process.StopAsync(TimeSpan.FromSeconds(10));
        _process.Dispose();
    }

    private static ManagedProcess Start(string name, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, PrefixedOutput output)
    {
        var projectDirectory = Path.Combine(RepositoryRoot.Path, "FaceAspire.Api");
        return ManagedProcess.Start(name, "dotnet", [ApiAssembly(projectDirectory), .. arguments], projectDirectory, environment, output);
    }

    /// <summary>The API's build output in the same configuration as this test project's, built through the project reference.</summary>
    private static string ApiAssembly(string projectDirectory)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var path = Path.Combine(projectDirectory, "bin", configuration, "net10.0", "FaceAspire.Api.dll");
        return File.Exists(path) ? path : throw new InvalidOperationException($"{path} is missing: build the test project first.");
    }
}
