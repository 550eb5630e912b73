using System.Diagnostics;
using System.Text.Json;

namespace FaceAspire.Cli.Tests;

/// <summary>Runs the real <c>faceaspire</c> CLI (built beside the tests) as a child process.</summary>
internal static class CliProcess
{
    private static readonly string CliDll = Path.Combine(AppContext.BaseDirectory, "faceaspire.dll");

    public static string RepositoryRoot { get; } = FindRoot();

    public static string Sample(int n) => Path.Combine(RepositoryRoot, "node_modules", "@vladmandic", "face-api", "demo", $"sample{n}.jpg");

    public static async Task<(int ExitCode, string[] Lines, string Errors)> RunAsync(params string[] args)
    {
        File.Exists(Sample(1)).ShouldBeTrue("The demo photos are missing: run `npm ci` at the repository root.");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot,
        };
        start.ArgumentList.Add(CliDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var cancellation = TestContext.Current.CancellationToken;
        var output = process.StandardOutput.ReadToEndAsync(cancellation);
        var errors = process.StandardError.ReadToEndAsync(cancellation);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        var lines = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return (process.ExitCode, lines, await errors);
    }

    public static JsonElement Json(string line)
    {
        using var document = JsonDocument.Parse(line);
        return document.RootElement.Clone();
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FaceAspire.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The tests must run inside the repository (FaceAspire.sln not found above them).");
    }
}
