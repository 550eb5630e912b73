using static FaceAspire.Cli.Tests.CliProcess;

namespace FaceAspire.Cli.Tests;

public sealed class BenchCliTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("faceaspire-bench-").FullName;

    [Fact]
    public async Task Save_images_writes_the_benchmark_photos_the_engine_finds_their_faces_in()
    {
        var (exit, lines, errors) = await RunAsync("bench", "--save-images", folder);

        exit.ShouldBe(0, errors);
        lines.Length.ShouldBe(3);
        var four = Path.Combine(folder, "four-faces.jpg");
        var single = Path.Combine(folder, "single-face.jpg");
        JpegSize(four).ShouldBe((1920, 1280));
        JpegSize(single).ShouldBe((640, 480));
        JpegSize(Path.Combine(folder, "group.jpg")).ShouldBe((1920, 1280));

        var (detectExit, results, detectErrors) = await RunAsync("detect-faces", four, single);

        detectExit.ShouldBe(0, detectErrors);
        Json(results[0]).GetProperty("FaceDetails").GetArrayLength().ShouldBe(4);
        Json(results[1]).GetProperty("FaceDetails").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task A_short_run_reports_latency_and_where_each_photos_time_went()
    {
        var report = Path.Combine(folder, "bench.json");
        var (exit, lines, errors) = await RunAsync("bench", "--iterations", "1", "--threads", "1", "--json", report);

        exit.ShouldBe(0, errors);
        lines.ShouldContain(l => l.StartsWith("four-faces   1 thread           4", StringComparison.Ordinal));
        lines.ShouldContain("stage p50 ms per photo (per-face stages summed over its faces):");
        var results = Json(File.ReadAllText(report)).GetProperty("results");
        results.GetArrayLength().ShouldBe(3);
        foreach (var result in results.EnumerateArray())
        {
            var stages = result.GetProperty("stageP50Ms");
            var total = result.GetProperty("p50Ms").GetDouble();
            foreach (var stage in new[] { "decode", "detect", "mesh", "faceres", "emotion", "heads" })
            {
                stages.GetProperty(stage).GetDouble().ShouldBeInRange(0.001, total, stage);
            }

            stages.TryGetProperty("embedding", out _).ShouldBeFalse();
        }
    }

    /// <summary>Width and height from a baseline or progressive JPEG's start-of-frame segment.</summary>
    private static (int Width, int Height) JpegSize(string path)
    {
        var bytes = File.ReadAllBytes(path);
        bytes[0].ShouldBe((byte)0xFF);
        bytes[1].ShouldBe((byte)0xD8);
        for (var i = 2; i + 9 < bytes.Length;)
        {
            bytes[i].ShouldBe((byte)0xFF, "JPEG segments start with 0xFF");
            var marker = bytes[i + 1];
            var length = (bytes[i + 2] << 8) | bytes[i + 3];
            if (marker is 0xC0 or 0xC1 or 0xC2)
            {
                return ((bytes[i + 7] << 8) | bytes[i + 8], (bytes[i + 5] << 8) | bytes[i + 6]);
            }

            i += 2 + length;
        }

        throw new InvalidDataException($"{path} has no start-of-frame segment.");
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
