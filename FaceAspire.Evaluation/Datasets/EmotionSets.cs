using FaceAspire.Vision.Rekognition;

namespace FaceAspire.Evaluation.Datasets;

/// <summary>
/// Emotion-labelled photos, with labels translated to Rekognition emotion types. The datasets' "neutral"
/// is Rekognition's CALM; neither dataset has CONFUSED, so a CONFUSED prediction is always wrong.
/// </summary>
public static class EmotionSets
{
    public const string Fer2013 = "fer2013_test";
    public const string Jaffe = "jaffe";

    /// <summary>The seven classes both datasets label, as Rekognition types.</summary>
    public static IReadOnlyList<string> Classes { get; } =
    [
        EmotionTypes.Angry, EmotionTypes.Disgusted, EmotionTypes.Fear, EmotionTypes.Happy,
        EmotionTypes.Calm, EmotionTypes.Sad, EmotionTypes.Surprised,
    ];

    /// <summary>FER2013 PublicTest (48x48 grey face crops), split by file name (FER2013 has no identities).</summary>
    public static IReadOnlyList<LabelledImage> ReadFer2013(string evalRoot)
    {
        var dir = Path.Combine(evalRoot, Fer2013);
        var table = CsvTable.Load(Path.Combine(dir, "labels.csv"));
        var (path, label, usage) = (table.Column("path"), table.Column("label"), table.Column("fer_usage"));
        return table.Rows
            .Where(r => r[usage] == "PublicTest")
            .Select(r => new LabelledImage(
                Path.Combine(dir, r[path]), ToRekognition(r[label]), "fer2013", DatasetSplit.SideOf("fer2013:" + r[path])))
            .ToList();
    }

    /// <summary>JAFFE (256x256 grey TIFF, 10 posers), split by subject so no poser is on both sides.</summary>
    public static IReadOnlyList<LabelledImage> ReadJaffe(string evalRoot)
    {
        var dir = Path.Combine(evalRoot, Jaffe);
        var table = CsvTable.Load(Path.Combine(dir, "labels.csv"));
        var (path, label, subject) = (table.Column("path"), table.Column("label"), table.Column("subject"));
        return table.Rows
            .Select(r => new LabelledImage(
                Path.Combine(dir, r[path]), ToRekognition(r[label]), "jaffe", DatasetSplit.SideOf("jaffe:" + r[subject])))
            .ToList();
    }

    /// <summary>Maps a dataset emotion name to Rekognition's type.</summary>
    /// <exception cref="InvalidDataException">The name is not one of the seven labelled classes.</exception>
    public static string ToRekognition(string label) => label switch
    {
        "angry" => EmotionTypes.Angry,
        "disgust" => EmotionTypes.Disgusted,
        "fear" => EmotionTypes.Fear,
        "happy" => EmotionTypes.Happy,
        "neutral" => EmotionTypes.Calm,
        "sad" => EmotionTypes.Sad,
        "surprise" => EmotionTypes.Surprised,
        _ => throw new InvalidDataException($"Unknown emotion label '{label}'."),
    };
}
