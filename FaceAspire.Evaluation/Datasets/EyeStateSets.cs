namespace FaceAspire.Evaluation.Datasets;

/// <summary>
/// <c>cew_closed_faces</c>: closed-eye faces from CEW and open-eye faces from UTKFace. The two classes come
/// from different sources, so each class is scored on its own (closed recall, open recall) rather than as
/// one accuracy a source detector could earn. Split by file name (no identities).
/// </summary>
public static class EyeStateSets
{
    public const string Folder = "cew_closed_faces";
    public const string Open = "open";
    public const string Closed = "closed";

    public static IReadOnlyList<LabelledImage> ReadCewFaces(string evalRoot)
    {
        var dir = Path.Combine(evalRoot, Folder);
        var table = CsvTable.Load(Path.Combine(dir, "labels.csv"));
        var (path, state, source) = (table.Column("path"), table.Column("eye_state"), table.Column("source"));
        return table.Rows.Select(r =>
        {
            var label = r[state] is Open or Closed
                ? r[state]
                : throw new InvalidDataException($"{table.Source}: unknown eye state '{r[state]}'.");
            return new LabelledImage(Path.Combine(dir, r[path]), label, r[source], DatasetSplit.SideOf("cew:" + r[path]));
        }).ToList();
    }
}
