using FaceAspire.Evaluation.Datasets;
using static FaceAspire.Cli.Tests.CliProcess;

namespace FaceAspire.Cli.Tests;

public sealed class TrainHeadsCliTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("faceaspire-cli-heads-").FullName;

    [Fact]
    public async Task Trains_one_head_on_a_tiny_slice_into_the_given_folder()
    {
        if (EvalDataLocation.Resolve() is null)
        {
            Assert.Skip($"The labelled eval folder is absent (set {EvalDataLocation.EnvironmentVariable} or place it at ../shared/eval).");
        }

        var output = Path.Combine(folder, "heads");
        var (exit, lines, errors) = await RunAsync(
            "train-heads", "--attribute", "Beard", "--limit", "16", "--iterations", "30", "--out", output, "--cache", Path.Combine(folder, "cache"));

        exit.ShouldBe(0, errors);
        lines.ShouldContain(l => l.StartsWith("1 heads written to", StringComparison.Ordinal));
        File.Exists(Path.Combine(output, "Beard.json")).ShouldBeTrue();
        errors.ShouldContain("balanced accuracy Beard");
    }

    [Fact]
    public async Task An_unknown_attribute_is_refused()
    {
        var (exit, _, errors) = await RunAsync("train-heads", "--attribute", "Freckles", "--out", folder);

        exit.ShouldNotBe(0);
        errors.ShouldContain("Freckles");
        Directory.EnumerateFiles(folder).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("evaluate")]
    [InlineData("train-heads")]
    [InlineData("train-eye-model")]
    [InlineData("train-emotion")]
    public async Task A_missing_eval_folder_is_named_with_how_to_provide_it(string command)
    {
        var missing = Path.Combine(folder, "no-such-eval-folder");

        var (exit, _, errors) = await RunAsync(command, "--data", missing);

        exit.ShouldBe(2);
        errors.ShouldContain("The labelled eval folder was not found: pass --data DIR");
        Directory.EnumerateFileSystemEntries(folder).ShouldBeEmpty();
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
