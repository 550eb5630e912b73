using FaceAspire.Vision.Attributes;
using FaceAspire.Vision.Models;
using FaceAspire.Vision.Runtime;

namespace FaceAspire.Vision.Tests;

/// <summary>The npm-model provider: import once, cache by content, safe under concurrency.</summary>
public sealed class ModelProviderTests : IDisposable
{
    private readonly string cache = Path.Combine(Path.GetTempPath(), "faceaspire-model-cache-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Imports_once_and_reuses_the_cached_file()
    {
        var provider = new TfjsOnnxModelProvider(cacheDirectory: cache);
        provider.ModelsDirectory.ShouldNotBeNull("run `npm ci` at the repository root");

        var first = provider.GetOnnxPath("blazeface-front");
        var written = File.GetLastWriteTimeUtc(first);
        var again = new TfjsOnnxModelProvider(cacheDirectory: cache).GetOnnxPath("blazeface-front");

        again.ShouldBe(first);
        File.GetLastWriteTimeUtc(again).ShouldBe(written);
        Path.GetFileName(first).ShouldStartWith("blazeface-front-");
        Directory.GetFiles(cache).ShouldBe([first]);
    }

    [Fact]
    public void Concurrent_importers_agree_and_leave_no_partial_files()
    {
        var paths = new string[4];
        Parallel.For(0, paths.Length, i => paths[i] = new TfjsOnnxModelProvider(cacheDirectory: cache).GetOnnxPath("emotion"));

        paths.Distinct().ShouldHaveSingleItem();
        Directory.GetFiles(cache).ShouldBe([paths[0]]);
        using var session = new OnnxModelSession(paths[0], new OnnxRuntimeOptions());
        session.OutputLastDimensions.ShouldBe([7]);
    }

    [Theory]
    [InlineData("blazeface-back", new[] { 1, 256, 256, 3 })]
    [InlineData("facemesh", new[] { 1, 192, 192, 3 })]
    [InlineData("emotion", new[] { 1, 64, 64, 1 })]
    [InlineData("faceres", new[] { 1, 224, 224, 3 })]
    public void Every_model_the_pipeline_uses_imports_and_runs(string model, int[] inputShape)
    {
        var path = new TfjsOnnxModelProvider(cacheDirectory: cache).GetOnnxPath(model);
        using var session = new OnnxModelSession(path, new OnnxRuntimeOptions());
        session.InputShape.Skip(1).ShouldBe(inputShape.Skip(1));

        var input = new float[inputShape.Aggregate(1, (a, b) => a * b)];
        Array.Fill(input, 0.5f);
        using var outputs = session.Run(input, [.. inputShape.Select(d => (long)d)]);
        outputs.Count.ShouldBe(session.OutputShapes.Count);
        foreach (var output in outputs)
        {
            output.GetTensorDataAsSpan<float>().ToArray().ShouldAllBe(v => float.IsFinite(v));
        }
    }

    [Fact]
    public void The_identity_model_published_as_onnx_is_served_in_place_and_runs()
    {
        var path = new TfjsOnnxModelProvider(cacheDirectory: cache).GetOnnxPath(AlignedFaceEmbedder.ModelName);

        path.ShouldEndWith(Path.Combine("node_modules", "faceplugin-face-recognition-js", "model", "fr_feature.onnx"));
        Directory.Exists(cache).ShouldBeFalse("an ONNX file from a package needs no import and no cache");
        using var session = new OnnxModelSession(path, new OnnxRuntimeOptions());
        session.InputShape.ShouldBe([1, 3, 112, 112]);
        session.OutputLastDimensions.ShouldBe([AlignedFaceEmbedder.DescriptorSize]);
    }

    [Fact]
    public void Unknown_and_malformed_names_are_refused()
    {
        var provider = new TfjsOnnxModelProvider(cacheDirectory: cache);
        Should.Throw<FileNotFoundException>(() => provider.GetOnnxPath("no-such-model"));
        Should.Throw<ArgumentException>(() => provider.GetOnnxPath("../facemesh"));
    }

    [Fact]
    public void A_missing_model_folder_says_how_to_install_it()
    {
        var provider = new TfjsOnnxModelProvider(Path.Combine(cache, "absent"), cache);
        Should.Throw<FileNotFoundException>(() => provider.GetOnnxPath("facemesh"));
    }

    public void Dispose()
    {
        if (Directory.Exists(cache))
        {
            Directory.Delete(cache, recursive: true);
        }
    }
}
