using System.Diagnostics;
using FaceAspire.Evaluation.Engines;
using FaceAspire.Evaluation.Tasks;
using FaceAspire.Vision.Imaging;
using FaceAspire.Vision.Pipeline;
using FaceAspire.Vision.Runtime;

namespace FaceAspire.Evaluation.Benchmark;

/// <summary>Latency of one photo in one mode.</summary>
/// <param name="Image">Bench image name.</param>
/// <param name="Mode"><c>1 thread</c> or <c>all cores</c>, or the peer's name.</param>
/// <param name="Iterations">Timed calls (after one untimed warm-up call).</param>
/// <param name="Faces">Faces found in the photo.</param>
/// <param name="P50Ms">Median latency of one call, decode included (the peer: its own detect time).</param>
/// <param name="P95Ms">95th percentile latency (nearest rank).</param>
/// <param name="ImagesPerSecond">Throughput: calls in flight on every core at once for <c>all cores</c>, one at a time otherwise.</param>
/// <param name="StageP50Ms">
/// Median time per call in each pipeline stage (<see cref="StageTimings.Stages"/>; per-face stages summed over the
/// photo's faces); null for the peer.
/// </param>
public sealed record BenchResult(
    string Image, string Mode, int Iterations, int Faces, double P50Ms, double P95Ms, double ImagesPerSecond,
    IReadOnlyDictionary<string, double>? StageP50Ms = null);

/// <summary>What <c>faceaspire bench</c> measured.</summary>
public sealed record BenchReport(
    string Machine, DateTimeOffset StartedUtc, IReadOnlyList<BenchImage> Images, IReadOnlyList<BenchResult> Results, long PeakWorkingSetBytes);

/// <summary>
/// Times ALL attributes (no embedding) on each bench photo, from JPEG bytes to FaceDetails, the way an
/// upload is analysed. "1 thread" uses one ONNX Runtime thread and one face at a time; "all cores" (the default
/// options) analyses faces in parallel and spreads the detector's calls over every core for latency, and runs one
/// photo per core at once for throughput.
/// </summary>
public static class BenchmarkRunner
{
    public const string SingleThread = "1 thread";
    public const string AllCores = "all cores";

    /// <summary>Runs the modes in <paramref name="modes"/> with analyzers made by <paramref name="createAnalyzer"/>.</summary>
    public static IReadOnlyList<BenchResult> Run(
        IReadOnlyList<BenchImage> images, IReadOnlyList<string> modes, int iterations, Func<FaceAnalyzerOptions, FaceAnalyzer> createAnalyzer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(createAnalyzer);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        var results = new List<BenchResult>();
        foreach (var mode in modes)
        {
            var options = mode == SingleThread
                ? new FaceAnalyzerOptions { MaxDegreeOfParallelism = 1, Runtime = new OnnxRuntimeOptions { IntraOpThreads = 1, DetectorIntraOpThreads = 1 } }
                : new FaceAnalyzerOptions();
            using var analyzer = createAnalyzer(options);
            foreach (var image in images)
            {
                var faces = analyzer.Analyze(image.Jpeg, FaceAttributeSet.All, false, cancellationToken).Count;
                var latencies = new double[iterations];
                var stages = new StageTimings[iterations];
                for (var i = 0; i < iterations; i++)
                {
                    stages[i] = new StageTimings();
                    var started = Stopwatch.GetTimestamp();
                    analyzer.Analyze(image.Jpeg, FaceAttributeSet.All, false, cancellationToken, stages[i]);
                    latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                }

                var throughput = mode == SingleThread
                    ? 1000 / latencies.Average()
                    : Throughput(analyzer, image, iterations, cancellationToken);
                var stageP50 = StageTimings.Stages
                    .Where(stage => stages.Any(t => t[stage] > TimeSpan.Zero))
                    .ToDictionary(stage => stage, stage => Percentile([.. stages.Select(t => t[stage].TotalMilliseconds)], 50));
                results.Add(Result(image.Name, mode, faces, latencies, throughput) with { StageP50Ms = stageP50 });
            }
        }

        return results;
    }

    /// <summary>Times the peer on the same photos, given the same decoded pixels; its latency is its own detect time.</summary>
    public static IReadOnlyList<BenchResult> RunPeer(IReadOnlyList<BenchImage> images, HumanPeerEngine peer, int iterations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(peer);
        var results = new List<BenchResult>();
        foreach (var image in images)
        {
            var rgb = ImageDecoder.Decode(image.Jpeg);
            var faces = peer.Analyze(rgb, EngineOutputs.Attributes | EngineOutputs.Embedding, cancellationToken).Count;
            var latencies = new double[iterations];
            for (var i = 0; i < iterations; i++)
            {
                peer.Analyze(rgb, EngineOutputs.Attributes | EngineOutputs.Embedding, cancellationToken);
                latencies[i] = peer.LastDetectMilliseconds;
            }

            results.Add(Result(image.Name, peer.Name, faces, latencies, 1000 / latencies.Average()));
        }

        return results;
    }

    /// <summary>The process's peak resident memory so far (VmHWM on Linux).</summary>
    public static long PeakWorkingSet()
    {
        using var self = Process.GetCurrentProcess();
        return self.PeakWorkingSet64;
    }

    /// <summary>Nearest-rank percentile of <paramref name="values"/> (p in 0-100).</summary>
    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    private static double Throughput(FaceAnalyzer analyzer, BenchImage image, int iterations, CancellationToken cancellationToken)
    {
        var calls = Math.Max(iterations, Environment.ProcessorCount);
        var started = Stopwatch.GetTimestamp();
        Parallel.For(0, calls, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken }, _ =>
            analyzer.Analyze(image.Jpeg, FaceAttributeSet.All, false, cancellationToken));
        return calls / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private static BenchResult Result(string image, string mode, int faces, double[] latencies, double throughput) =>
        new(image, mode, latencies.Length, faces, Percentile(latencies, 50), Percentile(latencies, 95), throughput);

    /// <summary>The machine line for reports.</summary>
    public static string Machine() => MachineInfo.Describe();
}
