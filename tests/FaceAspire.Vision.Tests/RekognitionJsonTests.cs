using System.Text.Json;
using FaceAspire.Vision.Rekognition;

namespace FaceAspire.Vision.Tests;

public sealed class RekognitionJsonTests
{
    [Fact]
    public void FaceDetail_serialises_with_rekognition_names_and_omits_what_was_not_produced()
    {
        var detail = new FaceDetail
        {
            BoundingBox = new BoundingBox(0.25f, 0.5f, 0.1f, 0.2f),
            Confidence = 99.5f,
            Pose = new Pose(1, 2, 3),
            Landmarks = [new Landmark("eyeLeft", 0.2f, 0.3f)],
            Emotions = [new Emotion("HAPPY", 90f)],
        };

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(detail, RekognitionJsonContext.Default.FaceDetail));
        var root = json.RootElement;
        root.GetProperty("BoundingBox").GetProperty("Width").GetSingle().ShouldBe(0.25f);
        root.GetProperty("BoundingBox").GetProperty("Left").GetSingle().ShouldBe(0.1f);
        root.GetProperty("Confidence").GetSingle().ShouldBe(99.5f);
        root.GetProperty("Pose").GetProperty("Pitch").GetSingle().ShouldBe(3f);
        root.GetProperty("Landmarks")[0].GetProperty("Type").GetString().ShouldBe("eyeLeft");
        root.GetProperty("Emotions")[0].GetProperty("Type").GetString().ShouldBe("HAPPY");
        foreach (var absent in new[] { "AgeRange", "Eyeglasses", "Sunglasses", "Beard", "Mustache", "Smile", "Gender", "Quality" })
        {
            root.TryGetProperty(absent, out _).ShouldBeFalse(absent);
        }
    }

    [Fact]
    public void CompareFaces_result_has_rekognition_top_level_fields()
    {
        var face = new ComparedFace { BoundingBox = new BoundingBox(0.1f, 0.1f, 0, 0), Confidence = 90 };
        var result = new CompareFacesResult(new ComparedSourceImageFace(face.BoundingBox, 95), [new CompareFacesMatch(88, face)], [face]);
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(result, RekognitionJsonContext.Default.CompareFacesResult));
        json.RootElement.GetProperty("SourceImageFace").GetProperty("Confidence").GetSingle().ShouldBe(95f);
        json.RootElement.GetProperty("FaceMatches")[0].GetProperty("Similarity").GetSingle().ShouldBe(88f);
        json.RootElement.GetProperty("FaceMatches")[0].GetProperty("Face").GetProperty("BoundingBox").ValueKind.ShouldBe(JsonValueKind.Object);
        json.RootElement.GetProperty("UnmatchedFaces").GetArrayLength().ShouldBe(1);
    }
}
