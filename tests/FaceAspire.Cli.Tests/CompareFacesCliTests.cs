using static FaceAspire.Cli.Tests.CliProcess;

namespace FaceAspire.Cli.Tests;

public sealed class CompareFacesCliTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("faceaspire-cli-").FullName;

    [Fact]
    public async Task A_photo_compared_with_itself_matches_its_largest_face_best()
    {
        var (exit, lines, errors) = await RunAsync("compare-faces", Sample(1), Sample(1));

        exit.ShouldBe(0, errors);
        var result = Json(lines.ShouldHaveSingleItem());
        result.GetProperty("SourceImageFace").GetProperty("Confidence").GetSingle().ShouldBeGreaterThan(50f);
        var matches = result.GetProperty("FaceMatches").EnumerateArray().ToList();
        matches.ShouldNotBeEmpty();
        var best = matches[0];
        best.GetProperty("Similarity").GetSingle().ShouldBeGreaterThan(99f);
        best.GetProperty("Face").GetProperty("BoundingBox").GetProperty("Width").GetSingle()
            .ShouldBe(result.GetProperty("SourceImageFace").GetProperty("BoundingBox").GetProperty("Width").GetSingle());
        matches.Skip(1).ShouldAllBe(m => m.GetProperty("Similarity").GetSingle() < 99f);
        (matches.Count + result.GetProperty("UnmatchedFaces").GetArrayLength()).ShouldBe(3);
    }

    [Fact]
    public async Task A_threshold_of_zero_matches_every_face()
    {
        var (exit, lines, _) = await RunAsync("compare-faces", Sample(1), Sample(3), "--similarity-threshold", "0");
        exit.ShouldBe(0);
        var result = Json(lines.ShouldHaveSingleItem());
        result.GetProperty("FaceMatches").GetArrayLength().ShouldBe(3);
        result.GetProperty("UnmatchedFaces").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Pairs_give_one_line_per_pair_in_order()
    {
        var csv = Path.Combine(folder, "pairs.csv");
        var missing = Path.Combine(folder, "missing.jpg");
        await File.WriteAllLinesAsync(csv, ["image_a,image_b", $"{Sample(2)},{Sample(2)}", $"{Sample(1)},{missing}", $"{Sample(3)},{Sample(4)}"], TestContext.Current.CancellationToken);

        var (exit, lines, _) = await RunAsync("compare-faces", "--pairs", csv);

        exit.ShouldBe(1);
        lines.Length.ShouldBe(3);
        var same = Json(lines[0]);
        same.GetProperty("A").GetString().ShouldBe(Sample(2));
        same.GetProperty("Similarity").GetSingle().ShouldBeGreaterThan(99f);
        Json(lines[1]).GetProperty("Error").GetString().ShouldNotBeNullOrWhiteSpace();
        var different = Json(lines[2]);
        different.GetProperty("B").GetString().ShouldBe(Sample(4));
        different.GetProperty("Similarity").GetSingle().ShouldBeInRange(0f, 100f);
    }

    [Theory]
    [InlineData("compare-faces")]
    [InlineData("compare-faces", "a.jpg")]
    [InlineData("compare-faces", "a.jpg", "b.jpg", "--similarity-threshold", "150")]
    public async Task Bad_usage_fails_with_a_message(params string[] args)
    {
        var (exit, _, errors) = await RunAsync(args);
        exit.ShouldNotBe(0);
        errors.ShouldNotBeNullOrWhiteSpace();
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
