using System.Diagnostics;
using Amazon.CDK.Assertions;

namespace FaceAspire.Deploy.Tests;

/// <summary>
/// Runs <c>deploy/synth</c> once for all tests of a class, as an operator or CI would (a separate process, Node.js
/// and no AWS account), and loads the templates it wrote: as JSON for walking, and as CDK assertion templates.
/// </summary>
public sealed class SynthesizedTemplates : IAsyncLifetime
{
    private readonly string _outdir = Path.Combine(Path.GetTempPath(), $"faceaspire-synth-{Guid.NewGuid():N}");

    public JsonObject Application { get; private set; } = new();

    public JsonObject Artifacts { get; private set; } = new();

    public Template ApplicationTemplate { get; private set; } = null!;

    public string Output { get; private set; } = "";

    public string OutputDirectory => _outdir;

    /// <summary>The application template's resources of one CloudFormation type, by logical id.</summary>
    public IReadOnlyList<(string Id, JsonObject Resource)> Resources(string type) =>
        [.. Application["Resources"]!.AsObject()
            .Where(pair => pair.Value!["Type"]!.GetValue<string>() == type)
            .Select(pair => (pair.Key, pair.Value!.AsObject()))];

    /// <summary>The one resource of <paramref name="type"/>; fails when there are none or several.</summary>
    public JsonObject Single(string type) => Resources(type).ShouldHaveSingleItem().Resource;

    public async ValueTask InitializeAsync()
    {
        var root = FindRepositoryRoot();
        using var process = Process.Start(new ProcessStartInfo("bash", [Path.Combine(root, "deploy", "synth"), _outdir])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = root,
        })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        Output = await stdout + await stderr;
        process.ExitCode.ShouldBe(0, $"deploy/synth failed:\n{Output}");

        Application = Load("FaceAspire.template.json");
        Artifacts = Load("FaceAspireArtifacts.template.json");
        ApplicationTemplate = Template.FromString(Application.ToJsonString());
    }

    public ValueTask DisposeAsync()
    {
        if (Directory.Exists(_outdir))
        {
            Directory.Delete(_outdir, recursive: true);
        }

        return ValueTask.CompletedTask;
    }

    private JsonObject Load(string name) => JsonNode.Parse(File.ReadAllText(Path.Combine(_outdir, name)))!.AsObject();

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "FaceAspire.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("FaceAspire.sln not found above the test binaries.");
    }
}
