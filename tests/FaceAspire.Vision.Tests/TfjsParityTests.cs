using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using FaceAspire.Vision.Models;
using FaceAspire.Vision.Tests.Support;
using Microsoft.ML.OnnxRuntime;

namespace FaceAspire.Vision.Tests;

/// <summary>
/// Imported models against TensorFlow.js itself: the same input through the original graph in pure-JavaScript
/// tfjs (CPU backend, <c>tools/tfjs-reference/run.mjs</c>, one Node process for all models) and through the ONNX
/// import; every output (the extra feature outputs included) must agree within 1e-4 of its value range.
/// </summary>
public sealed class TfjsParityTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("faceaspire-parity-").FullName;

    [Fact]
    public async Task Imported_models_match_tensorflow_js()
    {
        (string Model, long[] Shape, float Low, float High)[] cases =
        [
            ("blazeface-back", [1, 256, 256, 3], -1f, 1f),
            ("facemesh", [1, 192, 192, 3], 0f, 1f),
            ("emotion", [1, 64, 64, 1], 0f, 1f),
            ("faceres", [1, 224, 224, 3], 0f, 1f),
        ];
        var provider = new TfjsOnnxModelProvider();
        provider.ModelsDirectory.ShouldNotBeNull("run `npm ci` at the repository root");
        var jobs = new List<object>();
        var inputs = new Dictionary<string, float[]>();
        var random = new Random(17);
        foreach (var (model, shape, low, high) in cases)
        {
            var input = new float[shape.Aggregate(1L, (a, b) => a * b)];
            for (var i = 0; i < input.Length; i++)
            {
                input[i] = low + ((high - low) * random.NextSingle());
            }

            inputs[model] = input;
            var inputFile = Path.Combine(folder, model + ".f32");
            await File.WriteAllBytesAsync(inputFile, System.Runtime.InteropServices.MemoryMarshal.AsBytes(input.AsSpan()).ToArray(), TestContext.Current.CancellationToken);
            // Every ONNX output is compared, the extra feature outputs (TfjsOnnxImporter.FeatureOutputs) included.
            using var imported = new InferenceSession(provider.GetOnnxPath(model));
            jobs.Add(new
            {
                model = Path.Combine(provider.ModelsDirectory!, model + ".json"),
                input = inputFile,
                shape,
                output = Path.Combine(folder, model + ".json"),
                outputs = imported.OutputMetadata.Keys.ToArray(),
            });
        }

        var jobsFile = Path.Combine(folder, "jobs.json");
        await File.WriteAllTextAsync(jobsFile, JsonSerializer.Serialize(jobs), TestContext.Current.CancellationToken);
        await RunNodeAsync(Path.Combine(TestPaths.RepositoryRoot, "tools", "tfjs-reference", "run.mjs"), jobsFile);

        foreach (var (model, shape, _, _) in cases)
        {
            using var reference = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, model + ".json"), TestContext.Current.CancellationToken));
            using var session = new InferenceSession(provider.GetOnnxPath(model));
            using var value = OrtValue.CreateTensorValueFromMemory(inputs[model], shape);
            using var runOptions = new RunOptions();
            var names = session.OutputMetadata.Keys.ToArray();
            using var outputs = session.Run(runOptions, [session.InputMetadata.Keys.Single()], [value], names);
            names.Length.ShouldBe(reference.RootElement.EnumerateObject().Count(), model);
            for (var o = 0; o < names.Length; o++)
            {
                var expected = reference.RootElement.GetProperty(names[o]).GetProperty("data").EnumerateArray().Select(e => e.GetSingle()).ToArray();
                var actual = outputs[o].GetTensorDataAsSpan<float>().ToArray();
                actual.Length.ShouldBe(expected.Length, $"{model}/{names[o]}");
                var range = Math.Max(expected.Max() - expected.Min(), 1e-3f);
                var worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
                worst.ShouldBeLessThanOrEqualTo(1e-4f * range, string.Create(CultureInfo.InvariantCulture, $"{model}/{names[o]}: max |diff| {worst:g3}, range {range:g3}"));
            }
        }
    }

    private static async Task RunNodeAsync(string script, string jobsFile)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardError = true, WorkingDirectory = TestPaths.RepositoryRoot };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(jobsFile);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Skip("Node.js is not installed; the TensorFlow.js reference cannot run.");
            return;
        }

        using (process)
        {
            var errors = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            process.ExitCode.ShouldBe(0, errors);
        }
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
