using System.Globalization;

namespace FaceAspire.Evaluation.Datasets;

/// <summary>
/// <c>compreface_samples</c>: group and single photos with one nose-tip point per face (<c>faces.csv</c>:
/// image, n_faces, "x y;x y;..."), including one photo with no face. Photos of a named person (A, B, C in
/// <c>identities.csv</c>) are split by that person, the rest by file name.
/// </summary>
public static class CompreFaceSamples
{
    public const string Folder = "compreface_samples";

    public static IReadOnlyList<DetectionSample> Read(string evalRoot)
    {
        var dir = Path.Combine(evalRoot, Folder);
        var persons = CsvTable.Load(Path.Combine(dir, "identities.csv"));
        var personOf = persons.Rows.ToDictionary(
            r => r[persons.Column("image")], r => r[persons.Column("person")], StringComparer.Ordinal);

        var faces = CsvTable.Load(Path.Combine(dir, "faces.csv"));
        var (image, count, points) = (faces.Column("image"), faces.Column("n_faces"), faces.Column("nose_points_xy"));
        return faces.Rows.Select(r =>
        {
            var noses = ParsePoints(r[points]);
            if (noses.Count != int.Parse(r[count], CultureInfo.InvariantCulture))
            {
                throw new InvalidDataException($"{faces.Source}: {r[image]} lists {noses.Count} points for {r[count]} faces.");
            }

            var key = personOf.TryGetValue(r[image], out var person) ? $"compreface-person:{person}" : $"compreface:{r[image]}";
            return new DetectionSample(Path.Combine(dir, "images", r[image]), noses, DatasetSplit.SideOf(key));
        }).ToList();
    }

    internal static IReadOnlyList<(float X, float Y)> ParsePoints(string text) =>
        text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(xy => (float.Parse(xy[0], CultureInfo.InvariantCulture), float.Parse(xy[1], CultureInfo.InvariantCulture)))
            .ToList();
}
