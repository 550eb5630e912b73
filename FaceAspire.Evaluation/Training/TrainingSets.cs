using FaceAspire.Evaluation.Datasets;
using FaceAspire.Evaluation.Tasks;

namespace FaceAspire.Evaluation.Training;

/// <summary>
/// One labelled face for training or checking a head. <paramref name="Group"/> is the unit that must never be
/// split across folds or sides (the CelebA identity; the file where a dataset has no identities).
/// <paramref name="Male"/> is CelebA's Male label where known (used only to drop contradictory labels from training).
/// </summary>
public sealed record TrainingSample(
    string Dataset, string Key, string ImagePath, string Group, SplitSide Side, IReadOnlyDictionary<string, bool> Labels, bool? Male);

/// <summary>The labelled folders the heads are trained and checked on, with the same split as the evaluation.</summary>
public static class TrainingSets
{
    public const string CelebaAlign = AttributeSets.CelebaAlign;
    public const string Yale = AttributeSets.Yale;
    public const string CewFaces = EyeStateSets.Folder;

    /// <summary>CelebA aligned crops: the evaluation's labels (sunglasses hand labels, ambiguous left out) plus identity and Male.</summary>
    public static IReadOnlyList<TrainingSample> ReadCelebaAlign(string evalRoot)
    {
        var dir = Path.Combine(evalRoot, CelebaAlign);
        var table = CsvTable.Load(Path.Combine(dir, "attributes.csv"));
        var (image, identity, male) = (table.Column("image"), table.Column("identity"), table.Column("Male"));
        var byImage = table.Rows.ToDictionary(r => Path.Combine(dir, "images", r[image]), r => (Identity: r[identity], Male: r[male] == "1"), StringComparer.Ordinal);
        return [.. AttributeSets.ReadCelebaAlign(evalRoot).Select(s =>
        {
            var info = byImage[s.ImagePath];
            return new TrainingSample(CelebaAlign, Path.GetFileName(s.ImagePath), s.ImagePath, "celeba:" + info.Identity, s.Side, s.Labels, info.Male);
        })];
    }

    /// <summary>
    /// Label of Yale faces with one eye closed (a wink): no EyesOpen label, reported on its own (<see cref="ReadYale"/>).
    /// </summary>
    public const string OneEyeClosed = "OneEyeClosed";

    /// <summary>
    /// Yale faces (grayscale, another camera): an out-of-distribution check, never trained on. Faces labelled
    /// <c>one_closed</c> also carry <see cref="OneEyeClosed"/>.
    /// </summary>
    public static IReadOnlyList<TrainingSample> ReadYale(string evalRoot)
    {
        var dir = Path.Combine(evalRoot, Yale);
        var table = CsvTable.Load(Path.Combine(dir, "labels.csv"));
        var (path, eyes) = (table.Column("path"), table.Column("eyes"));
        var winks = table.Rows.Where(r => r[eyes] == "one_closed").Select(r => Path.Combine(dir, r[path])).ToHashSet(StringComparer.Ordinal);
        return [.. AttributeSets.ReadYale(evalRoot).Select(s =>
        {
            var labels = winks.Contains(s.ImagePath)
                ? new Dictionary<string, bool>(s.Labels, StringComparer.Ordinal) { [OneEyeClosed] = true }
                : s.Labels;
            return new TrainingSample(Yale, Path.GetFileName(s.ImagePath), s.ImagePath, "yale:" + Path.GetFileName(s.ImagePath).Split('_')[0], s.Side, labels, null);
        })];
    }

    /// <summary>Open- and closed-eye faces from several sources, for EyesOpen: the name of <see cref="ReadMixedEyes"/>'s set.</summary>
    public const string MixedEyes = "eyes_mixed";

    /// <summary>CelebA faces per side taken into <see cref="ReadMixedEyes"/> as open-eyed.</summary>
    public const int CelebaOpenEyesPerSide = 400;

    /// <summary>
    /// EyesOpen faces from three sources, each sample keeping its source in <c>Dataset</c> and its source's split:
    /// <c>cew_closed_faces</c> (CEW closed, UTKFace open: one source per class), <c>yalefaces</c> (one camera, eyes open
    /// or both closed, split by subject; winks have no EyesOpen label and stay out) and <see cref="CelebaOpenEyesPerSide"/>
    /// CelebA aligned faces per side, taken as open (CelebA has no eye-state label; nearly all its faces have open eyes,
    /// and the trainer's label-noise step drops the few it confidently contradicts). Keys are prefixed with the source.
    /// </summary>
    public static IReadOnlyList<TrainingSample> ReadMixedEyes(string evalRoot)
    {
        var open = new Dictionary<string, bool>(StringComparer.Ordinal) { [AttributeNames.EyesOpen] = true };
        var celeba = ReadCelebaAlign(evalRoot);
        IEnumerable<TrainingSample> sources =
        [
            .. ReadCewFaces(evalRoot),
            .. ReadYale(evalRoot).Where(s => s.Labels.ContainsKey(AttributeNames.EyesOpen)),
            .. new[] { SplitSide.Train, SplitSide.Validation }.SelectMany(side =>
                SampleLimit.Spread(celeba.Where(s => s.Side == side).ToList(), CelebaOpenEyesPerSide).Select(s => s with { Labels = open })),
        ];
        return [.. sources.Select(s => s with { Key = s.Dataset + "/" + s.Key })];
    }

    /// <summary>CEW closed-eye faces and UTKFace open-eye faces, EyesOpen labels, split by file.</summary>
    public static IReadOnlyList<TrainingSample> ReadCewFaces(string evalRoot) =>
        [.. EyeStateSets.ReadCewFaces(evalRoot).Select(s => new TrainingSample(
            CewFaces,
            Path.GetRelativePath(Path.Combine(evalRoot, CewFaces), s.ImagePath),
            s.ImagePath,
            "cew:" + Path.GetRelativePath(Path.Combine(evalRoot, CewFaces), s.ImagePath),
            s.Side,
            new Dictionary<string, bool>(StringComparer.Ordinal) { [AttributeNames.EyesOpen] = s.Label == EyeStateSets.Open },
            null))];
}
