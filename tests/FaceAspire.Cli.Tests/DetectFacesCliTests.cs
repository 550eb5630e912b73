using System.Text.Json;
using static FaceAspire.Cli.Tests.CliProcess;

namespace FaceAspire.Cli.Tests;

public sealed class DetectFacesCliTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("faceaspire-cli-").FullName;

    [Fact]
    public async Task Prints_one_line_per_image_in_order_and_exits_1_when_any_failed()
    {
        var text = Path.Combine(folder, "notes.jpg");
        await File.WriteAllTextAsync(text, "not a photo", TestContext.Current.CancellationToken);
        var missing = Path.Combine(folder, "missing.jpg");

        var (exit, lines, _) = await RunAsync("detect-faces", Sample(1), text, missing, Sample(3));

        exit.ShouldBe(1);
        lines.Length.ShouldBe(4);
        var first = Json(lines[0]);
        first.GetProperty("Image").GetString().ShouldBe(Sample(1));
        var faces = first.GetProperty("FaceDetails");
        faces.GetArrayLength().ShouldBe(3);
        var face = faces[0];
        foreach (var field in new[] { "BoundingBox", "Confidence", "Pose", "Quality", "Landmarks" })
        {
            face.TryGetProperty(field, out _).ShouldBeTrue(field);
        }

        face.TryGetProperty("Emotions", out _).ShouldBeFalse();
        face.TryGetProperty("AgeRange", out _).ShouldBeFalse();

        var bad = Json(lines[1]);
        bad.GetProperty("Image").GetString().ShouldBe(text);
        bad.GetProperty("Error").GetString()!.ShouldContain("not a readable image");
        bad.TryGetProperty("FaceDetails", out _).ShouldBeFalse();
        Json(lines[2]).GetProperty("Error").GetString()!.ShouldContain("not found");
        Json(lines[3]).GetProperty("Image").GetString().ShouldBe(Sample(3));
        Json(lines[3]).GetProperty("FaceDetails").GetArrayLength().ShouldBe(3);
    }

    [Fact]
    public async Task List_file_and_all_attributes_succeed_with_exit_0()
    {
        var list = Path.Combine(folder, "photos.txt");
        await File.WriteAllLinesAsync(list, ["# demo photos", Sample(2), "", Sample(6)], TestContext.Current.CancellationToken);

        var (exit, lines, errors) = await RunAsync("detect-faces", "--attributes", "ALL", "--list", list);

        exit.ShouldBe(0, errors);
        lines.Select(l => Json(l).GetProperty("Image").GetString()).ShouldBe([Sample(2), Sample(6)]);
        foreach (var face in lines.SelectMany(l => Json(l).GetProperty("FaceDetails").EnumerateArray()))
        {
            face.GetProperty("Emotions").GetArrayLength().ShouldBeGreaterThan(0);
            face.GetProperty("AgeRange").GetProperty("Low").GetInt32().ShouldBeLessThanOrEqualTo(face.GetProperty("AgeRange").GetProperty("High").GetInt32());
            face.GetProperty("Gender").GetProperty("Value").ValueKind.ShouldBe(JsonValueKind.String);
            foreach (var field in new[] { "Eyeglasses", "Sunglasses", "Beard", "Mustache" })
            {
                var confidence = face.GetProperty(field).GetProperty("Confidence").GetSingle();
                confidence.ShouldBeInRange(50f, 100f, field);
                face.GetProperty(field).GetProperty("Value").ValueKind.ShouldBeOneOf(JsonValueKind.True, JsonValueKind.False);
            }
        }
    }

    [Theory]
    [InlineData("detect-faces")]
    [InlineData("detect-faces", "--attributes", "SOME", "x.jpg")]
    [InlineData("detect-faces", "--list", "no-such-list.txt")]
    public async Task Bad_usage_fails_with_a_message(params string[] args)
    {
        var (exit, lines, errors) = await RunAsync(args);
        exit.ShouldNotBe(0);
        // Usage errors may print help on standard output, but never a JSON result line.
        lines.ShouldNotContain(l => l.StartsWith('{'));
        errors.ShouldNotBeNullOrWhiteSpace();
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
