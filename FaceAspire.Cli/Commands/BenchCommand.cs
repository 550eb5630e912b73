using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using FaceAspire.Evaluation.Benchmark;
using FaceAspire.Evaluation.Engines;
using FaceAspire.Evaluation.Tasks;
using FaceAspire.Vision.Pipeline;

namespace FaceAspire.Cli.Commands;

/// <summary>
/// <c>faceaspire bench [--iterations N] [--threads 1|all|both] [--peer human] [--json FILE]</c>: p50/p95 latency
/// of ALL attributes on a 1920x1280 photo with 4 faces, a 640x480 single face and a group photo, composed at
/// run time from the npm package's sample photos; images/second and the process's peak memory.
/// <c>--save-images DIR</c> writes the composed photos as JPEG files instead (for end-to-end benchmarks).
/// </summary>
public static class BenchCommand
{
    /// <summary>Builds the command; <paramref name="createAnalyzer"/> makes the engine from analyzer options.</summary>
    public static Command Create(Func<FaceAnalyzerOptions, FaceAnalyzer> createAnalyzer)
    {
        ArgumentNullException.ThrowIfNull(createAnalyzer);
        var iterations = new Option<int>("--iterations") { Description = "Timed calls per photo and mode.", DefaultValueFactory = _ => 20 };
        iterations.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
            {
                r.AddError("--iterations must be at least 1.");
            }
        });
        var threads = new Option<string>("--threads") { Description = "1 (one thread), all (every core) or both.", DefaultValueFactory = _ => "both" };
        threads.AcceptOnlyFromAmong("1", "all", "both");
        var peer = new Option<string>("--peer") { Description = "Also time a peer engine on the same photos.", DefaultValueFactory = _ => "none" };
        peer.AcceptOnlyFromAmong("none", "human");
        var peerIterations = new Option<int>("--peer-iterations") { Description = "Timed peer calls per photo.", DefaultValueFactory = _ => 3 };
        var json = new Option<string?>("--json") { Description = "Also write the JSON report to this file." };
        var saveImages = new Option<string?>("--save-images") { Description = "Write the composed photos as <name>.jpg into this folder and exit without timing." };

        var emotionModel = CliOptions.EmotionModelOption();

        var command = new Command("bench", "Time the engine on composed photos.") { iterations, threads, peer, peerIterations, json, saveImages, emotionModel };
        command.SetAction((parse, cancellationToken) =>
        {
            var samples = BenchImages.SampleDirectory();
            if (samples is null)
            {
                Console.Error.WriteLine("The sample photos of @vladmandic/face-api were not found: run npm ci at the repository root.");
                return Task.FromResult(2);
            }

            var started = DateTimeOffset.UtcNow;
            IReadOnlyList<BenchImage> images;
            using (var locator = createAnalyzer(new FaceAnalyzerOptions()))
            {
                images = BenchImages.Compose(samples, rgb => locator.Analyze(rgb, FaceAttributeSet.Default).FirstOrDefault() is { } f
                    ? (f.Detail.BoundingBox.Left * rgb.Width, f.Detail.BoundingBox.Top * rgb.Height, f.Detail.BoundingBox.Width * rgb.Width, f.Detail.BoundingBox.Height * rgb.Height)
                    : null);
            }

            if (parse.GetValue(saveImages) is { } folder)
            {
                Directory.CreateDirectory(folder);
                foreach (var image in images)
                {
                    var path = Path.Combine(folder, image.Name + ".jpg");
                    File.WriteAllBytes(path, image.Jpeg);
                    Console.Out.WriteLine($"{path}: {image.Description}");
                }

                return Task.FromResult(0);
            }

            var modes = parse.GetValue(threads) switch
            {
                "1" => [BenchmarkRunner.SingleThread],
                "all" => [BenchmarkRunner.AllCores],
                _ => new[] { BenchmarkRunner.SingleThread, BenchmarkRunner.AllCores },
            };
            var results = BenchmarkRunner.Run(images, modes, parse.GetValue(iterations), o => createAnalyzer(o with { EmotionModel = parse.GetValue(emotionModel) }), cancellationToken).ToList();
            var peak = BenchmarkRunner.PeakWorkingSet();
            if (parse.GetValue(peer) == "human")
            {
                using var human = HumanPeerEngine.Start();
                results.AddRange(BenchmarkRunner.RunPeer(images, human, Math.Max(1, parse.GetValue(peerIterations)), cancellationToken));
            }

            var report = new BenchReport(BenchmarkRunner.Machine(), started, images, results, peak);
            Console.Out.Write(Render(report));
            if (parse.GetValue(json) is { } file)
            {
                File.WriteAllText(file, JsonSerializer.Serialize(report, EvaluationJsonContext.Readable.BenchReport));
            }

            return Task.FromResult(0);
        });
        return command;
    }

    private static string Render(BenchReport report)
    {
        var c = CultureInfo.InvariantCulture;
        var lines = new List<string>
        {
            string.Create(c, $"FaceAspire bench, {report.StartedUtc:yyyy-MM-dd HH:mm} UTC, {report.Machine}; ALL attributes, JPEG bytes to FaceDetails"),
        };
        lines.AddRange(report.Images.Select(i => $"  {i.Name}: {i.Description}"));
        lines.Add(string.Create(c, $"{"image",-12} {"mode",-14} {"faces",5} {"p50 ms",9} {"p95 ms",9} {"images/s",9} {"n",4}"));
        lines.AddRange(report.Results.Select(r => string.Create(
            c, $"{r.Image,-12} {r.Mode,-14} {r.Faces,5} {r.P50Ms,9:0.0} {r.P95Ms,9:0.0} {r.ImagesPerSecond,9:0.00} {r.Iterations,4}")));
        var staged = report.Results.Where(r => r.StageP50Ms is not null).ToList();
        if (staged.Count > 0)
        {
            var stages = StageTimings.Stages.Where(s => staged.Any(r => r.StageP50Ms!.ContainsKey(s))).ToList();
            lines.Add("stage p50 ms per photo (per-face stages summed over its faces):");
            lines.Add(string.Create(c, $"{"image",-12} {"mode",-14} ") + string.Join(" ", stages.Select(s => $"{s,9}")));
            lines.AddRange(staged.Select(r => string.Create(c, $"{r.Image,-12} {r.Mode,-14} ")
                + string.Join(" ", stages.Select(s => string.Create(c, $"{r.StageP50Ms!.GetValueOrDefault(s),9:0.0}")))));
        }

        lines.Add(string.Create(c, $"peak memory (process, FaceAspire modes): {report.PeakWorkingSetBytes / (1024.0 * 1024):0} MiB"));
        foreach (var peer in report.Results.Where(r => r.Mode is not (BenchmarkRunner.SingleThread or BenchmarkRunner.AllCores)))
        {
            if (report.Results.FirstOrDefault(r => r.Image == peer.Image && r.Mode == BenchmarkRunner.SingleThread) is { } ours)
            {
                lines.Add(string.Create(c, $"{peer.Image}: {peer.Mode} p50 / FaceAspire 1-thread p50 = {peer.P50Ms / ours.P50Ms:0.0}x"));
            }
        }

        return string.Join(Environment.NewLine, lines) + Environment.NewLine;
    }
}
