namespace FaceAspire.Evaluation.Datasets;

/// <summary>
/// Yes/no attribute labels mapped to Rekognition's names. CelebA: Smile &lt;- Smiling, MouthOpen &lt;-
/// Mouth_Slightly_Open, Eyeglasses &lt;- Eyeglasses (which INCLUDES sunglasses, as Rekognition's does),
/// Beard &lt;- NOT No_Beard, Mustache &lt;- Mustache; Sunglasses only where <c>sunglasses_handlabel.csv</c>
/// says sunglasses (yes) or clear_eyeglasses (no), or Eyeglasses=0 (no); "ambiguous" is left out.
/// Yale: EyesOpen from eyes (sleepy = closed; wink and occluded left out), Eyeglasses / Sunglasses from glasses,
/// byte-identical duplicates dropped.
/// </summary>
public static class AttributeSets
{
    public const string CelebaAlign = "celeba_align_attr";
    public const string Yale = "yalefaces";

    public static IReadOnlyList<AttributeSample> ReadCelebaAlign(string evalRoot)
    {
        var dir = Path.Combine(evalRoot, CelebaAlign);
        var sunglasses = CsvTable.Load(Path.Combine(dir, "sunglasses_handlabel.csv"));
        var glassesType = sunglasses.Rows.ToDictionary(
            r => r[sunglasses.Column("image")], r => r[sunglasses.Column("glasses_type")], StringComparer.Ordinal);

        var table = CsvTable.Load(Path.Combine(dir, "attributes.csv"));
        int Col(string name) => table.Column(name);
        var (image, identity) = (Col("image"), Col("identity"));
        var (smiling, mouth, glasses, noBeard, mustache) =
            (Col("Smiling"), Col("Mouth_Slightly_Open"), Col("Eyeglasses"), Col("No_Beard"), Col("Mustache"));
        return table.Rows.Select(r =>
        {
            var labels = new Dictionary<string, bool>(StringComparer.Ordinal)
            {
                [AttributeNames.Smile] = Flag(r[smiling]),
                [AttributeNames.MouthOpen] = Flag(r[mouth]),
                [AttributeNames.Eyeglasses] = Flag(r[glasses]),
                [AttributeNames.Beard] = !Flag(r[noBeard]),
                [AttributeNames.Mustache] = Flag(r[mustache]),
            };
            if (!Flag(r[glasses]))
            {
                labels[AttributeNames.Sunglasses] = false;
            }
            else if (glassesType.TryGetValue(r[image], out var type) && type != "ambiguous")
            {
                labels[AttributeNames.Sunglasses] = type == "sunglasses";
            }

            return new AttributeSample(Path.Combine(dir, "images", r[image]), labels, DatasetSplit.SideOf("celeba:" + r[identity]));
        }).ToList();
    }

    public static IReadOnlyList<AttributeSample> ReadYale(string evalRoot)
    {
        var dir = Path.Combine(evalRoot, Yale);
        var table = CsvTable.Load(Path.Combine(dir, "labels.csv"));
        var (path, subject, glasses, eyes, md5) =
            (table.Column("path"), table.Column("subject"), table.Column("glasses"), table.Column("eyes"), table.Column("md5_of_original"));
        return table.Rows
            .DistinctBy(r => r[md5])
            .Select(r =>
            {
                var labels = new Dictionary<string, bool>(StringComparer.Ordinal)
                {
                    [AttributeNames.Eyeglasses] = r[glasses] is "eyeglasses" or "sunglasses",
                    [AttributeNames.Sunglasses] = r[glasses] == "sunglasses",
                };
                if (r[eyes] is "open" or "closed")
                {
                    labels[AttributeNames.EyesOpen] = r[eyes] == "open";
                }

                return new AttributeSample(Path.Combine(dir, r[path]), labels, DatasetSplit.SideOf("yale:" + r[subject]));
            })
            .ToList();
    }

    private static bool Flag(string value) => value switch
    {
        "1" => true,
        "0" => false,
        _ => throw new InvalidDataException($"Expected 0 or 1, found '{value}'."),
    };
}
