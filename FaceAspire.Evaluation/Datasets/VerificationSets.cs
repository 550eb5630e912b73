namespace FaceAspire.Evaluation.Datasets;

/// <summary>
/// Same/different pairs with identities. A pair is kept only when both identities lie on the same split side
/// (a different-person pair across sides would leak a training identity into validation), and takes that side.
/// </summary>
public static class VerificationSets
{
    public const string CelebaWild = "celeba_wild_299ids";
    public const string Deepface = "deepface_pairs";

    /// <summary><c>celeba_wild_299ids/verification_pairs.csv</c>, identities from <c>images.csv</c>.</summary>
    public static IReadOnlyList<VerificationPair> ReadCelebaWild(string evalRoot)
    {
        var dir = Path.Combine(evalRoot, CelebaWild);
        var images = CsvTable.Load(Path.Combine(dir, "images.csv"));
        var identityOf = images.Rows.ToDictionary(
            r => r[images.Column("image")], r => "celeba:" + r[images.Column("identity")], StringComparer.Ordinal);
        return ReadPairs(
            Path.Combine(dir, "verification_pairs.csv"), "image_a", "image_b", identityOf, name => Path.Combine(dir, "images", name));
    }

    /// <summary><c>deepface_pairs/pairs_all.csv</c> (all pairs), identities from <c>identities.csv</c>.</summary>
    public static IReadOnlyList<VerificationPair> ReadDeepface(string evalRoot)
    {
        var dir = Path.Combine(evalRoot, Deepface);
        var ids = CsvTable.Load(Path.Combine(dir, "identities.csv"));
        var identityOf = ids.Rows.ToDictionary(
            r => r[ids.Column("path")], r => "deepface:" + r[ids.Column("identity")], StringComparer.Ordinal);
        return ReadPairs(Path.Combine(dir, "pairs_all.csv"), "path_a", "path_b", identityOf, p => Path.Combine(dir, p));
    }

    /// <summary>Every labelled photo of <c>celeba_wild_299ids</c> with its identity, for all-pairs protocols.</summary>
    public static IReadOnlyList<IdentityImage> ReadCelebaWildImages(string evalRoot)
    {
        var dir = Path.Combine(evalRoot, CelebaWild);
        var table = CsvTable.Load(Path.Combine(dir, "images.csv"));
        var (image, identity) = (table.Column("image"), table.Column("identity"));
        return table.Rows.Select(r => IdentityImage.Create(Path.Combine(dir, "images", r[image]), "celeba:" + r[identity])).ToList();
    }

    /// <summary>Every identity-labelled photo of <c>deepface_pairs</c> (group photos and the mirrored copy excluded).</summary>
    public static IReadOnlyList<IdentityImage> ReadDeepfaceImages(string evalRoot)
    {
        var dir = Path.Combine(evalRoot, Deepface);
        var table = CsvTable.Load(Path.Combine(dir, "identities.csv"));
        var (path, identity) = (table.Column("path"), table.Column("identity"));
        return table.Rows.Select(r => IdentityImage.Create(Path.Combine(dir, r[path]), "deepface:" + r[identity])).ToList();
    }

    /// <summary><c>celeba_wild_299ids/identification_split.csv</c>: one gallery photo per identity, the rest probes.</summary>
    public static IReadOnlyList<IdentificationSample> ReadCelebaWildIdentification(string evalRoot)
    {
        var dir = Path.Combine(evalRoot, CelebaWild);
        var table = CsvTable.Load(Path.Combine(dir, "identification_split.csv"));
        var (image, identity, role) = (table.Column("image"), table.Column("identity"), table.Column("role"));
        return table.Rows.Select(r => new IdentificationSample(
            Path.Combine(dir, "images", r[image]),
            r[identity],
            r[role] == "gallery",
            DatasetSplit.SideOf("celeba:" + r[identity]))).ToList();
    }

    private static List<VerificationPair> ReadPairs(
        string csv, string columnA, string columnB, Dictionary<string, string> identityOf, Func<string, string> pathOf)
    {
        var table = CsvTable.Load(csv);
        var (a, b, same) = (table.Column(columnA), table.Column(columnB), table.Column("same"));
        var pairs = new List<VerificationPair>();
        foreach (var row in table.Rows)
        {
            var sideA = DatasetSplit.SideOf(IdentityOf(row[a]));
            if (sideA == DatasetSplit.SideOf(IdentityOf(row[b])))
            {
                pairs.Add(new VerificationPair(pathOf(row[a]), pathOf(row[b]), row[same] == "1", sideA));
            }
        }

        return pairs;

        string IdentityOf(string image) => identityOf.TryGetValue(image, out var id)
            ? id
            : throw new InvalidDataException($"{csv}: {image} has no identity label.");
    }
}
