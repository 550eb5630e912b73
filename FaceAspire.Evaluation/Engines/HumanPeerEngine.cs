using System.Diagnostics;
using System.Text.Json.Nodes;
using FaceAspire.Evaluation.Datasets;
using FaceAspire.Vision.Imaging;
using FaceAspire.Vision.Pipeline;
using FaceAspire.Vision.Rekognition;

namespace FaceAspire.Evaluation.Engines;

/// <summary>
/// The peer: Human (<c>@vladmandic/human</c>) on the pure-JavaScript TensorFlow.js CPU backend, run by
/// <c>tools/peer-human/human-worker.mjs</c> in one long-lived Node process. Images travel as raw RGB files,
/// so Human sees exactly the pixels our engine sees. Human's emotions map to Rekognition types (neutral =
/// CALM); it has no smile, mouth-open or eyes-open answer, so those stay null.
/// </summary>
public sealed class HumanPeerEngine : IFaceEngine
{
    private readonly Process process;
    private readonly string scratch = Path.Combine(Path.GetTempPath(), $"faceaspire-peer-{Guid.NewGuid():N}.rgb");
    private readonly Lock gate = new();

    private HumanPeerEngine(Process process, string version)
    {
        this.process = process;
        Version = version;
    }

    public string Name => "Human " + Version;

    /// <summary>Human's package version as the worker reports it.</summary>
    public string Version { get; }

    /// <summary>Milliseconds Human's own <c>detect()</c> took on the last image (excludes the pixel hand-over).</summary>
    public double LastDetectMilliseconds { get; private set; }

    /// <summary>Starts the worker and waits until its models are loaded.</summary>
    /// <exception cref="InvalidOperationException">Node or the npm packages are missing, or the worker failed.</exception>
    public static HumanPeerEngine Start(string? repositoryRoot = null)
    {
        var root = repositoryRoot ?? EvalDataLocation.RepositoryRoot()
            ?? throw new InvalidOperationException("The repository root (the folder with FaceAspire.sln) was not found; the Human peer runs from it.");
        var worker = Path.Combine(root, "tools", "peer-human", "human-worker.mjs");
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = false,
            UseShellExecute = false,
            WorkingDirectory = root,
        };
        start.ArgumentList.Add(worker);
        start.ArgumentList.Add(root);
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        var ready = process.StandardOutput.ReadLine();
        if (ready is null || JsonNode.Parse(ready) is not JsonObject hello || hello["ready"]?.GetValue<bool>() != true)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"The Human worker did not start (first line: {ready ?? "<none>"}); run npm ci at the repository root.");
        }

        return new HumanPeerEngine(process, hello["version"]?.GetValue<string>() ?? "?");
    }

    public IReadOnlyList<AnalyzedFace> Analyze(RgbImage image, EngineOutputs outputs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        lock (gate)
        {
            File.WriteAllBytes(scratch, image.Pixels);
            var request = new JsonObject
            {
                ["rgb"] = scratch,
                ["width"] = image.Width,
                ["height"] = image.Height,
                ["attributes"] = outputs.HasFlag(EngineOutputs.Attributes),
                ["embedding"] = outputs.HasFlag(EngineOutputs.Embedding),
            };
            process.StandardInput.WriteLine(request.ToJsonString());
            process.StandardInput.Flush();
            var line = process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("The Human worker exited.");
            var answer = JsonNode.Parse(line)!.AsObject();
            if (answer["error"] is { } error)
            {
                throw new InvalidOperationException("Human failed: " + error.GetValue<string>());
            }

            LastDetectMilliseconds = answer["ms"]!.GetValue<double>();
            return [.. answer["faces"]!.AsArray().Select(f => ToFace(f!.AsObject(), image, outputs))];
        }
    }

    private static AnalyzedFace ToFace(JsonObject face, RgbImage image, EngineOutputs outputs)
    {
        var box = face["box"]!.AsArray().Select(v => v!.GetValue<float>()).ToArray();
        var detail = new FaceDetail
        {
            BoundingBox = new BoundingBox(box[2] / image.Width, box[3] / image.Height, box[0] / image.Width, box[1] / image.Height),
            Confidence = face["score"]!.GetValue<float>() * 100f,
            Emotions = outputs.HasFlag(EngineOutputs.Attributes)
                ? [.. face["emotion"]!.AsArray().Select(e => new Emotion(
                    EmotionType(e!["emotion"]!.GetValue<string>()), e["score"]!.GetValue<float>() * 100f))]
                : null,
        };
        var embedding = face["embedding"]!.AsArray().Select(v => v!.GetValue<float>()).ToArray();
        return new AnalyzedFace(detail, embedding.Length > 0 ? Normalise(embedding) : null);
    }

    private static string EmotionType(string human) => human switch
    {
        "neutral" => EmotionTypes.Calm,
        _ => EmotionSets.ToRekognition(human),
    };

    private static float[] Normalise(float[] v)
    {
        var norm = MathF.Sqrt(v.Sum(x => x * x));
        return norm > 0 ? [.. v.Select(x => x / norm)] : v;
    }

    public void Dispose()
    {
        try
        {
            process.StandardInput.Close();
            if (!process.WaitForExit(5000))
            {
                process.Kill(entireProcessTree: true);
            }
        }
        finally
        {
            process.Dispose();
            File.Delete(scratch);
        }
    }
}
