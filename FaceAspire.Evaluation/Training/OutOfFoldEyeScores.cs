using System.Globalization;
using FaceAspire.Evaluation.Datasets;
using FaceAspire.Vision.Attributes;

namespace FaceAspire.Evaluation.Training;

/// <summary>
/// The eye-state model's out-of-fold scores of the EyesOpen head's train faces (stacking): <c>train-eye-model</c>
/// scores each train face of <see cref="TrainingSets.ReadMixedEyes"/> with the model fitted without that face's fold
/// and writes them here; <c>train-heads</c> puts them into the <c>eyemodel</c> block of those train rows, so the head
/// learns how far to trust the eye model on faces it has not seen, as at run time, rather than on faces whose eyes
/// it was trained on. The file names the fingerprint of the model it belongs to; validation rows keep the model's own
/// scores. CSV: a <c># eye model FINGERPRINT</c> line, then <c>key,mean,min</c>.
/// </summary>
public static class OutOfFoldEyeScores
{
    private const string Header = "# eye model ";

    /// <summary>Where both commands put and look for the file by default: <c>artifacts/eye-model/out-of-fold-scores.csv</c> in the repository.</summary>
    public static string DefaultPath(string repository) => Path.Combine(repository, "artifacts", "eye-model", "out-of-fold-scores.csv");

    public static void Write(string path, string fingerprint, IReadOnlyDictionary<string, (float Mean, float Min)> scores)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(scores);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var lines = new List<string> { Header + fingerprint, "key,mean,min" };
        lines.AddRange(scores.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key},{s.Value.Mean:R},{s.Value.Min:R}")));
        File.WriteAllLines(path, lines);
    }

    /// <summary>The scores in <paramref name="path"/>, which must belong to the model whose fingerprint is <paramref name="fingerprint"/>.</summary>
    public static IReadOnlyDictionary<string, (float Mean, float Min)> Read(string path, string fingerprint)
    {
        var lines = File.ReadAllLines(path);
        if (lines.Length < 2 || !lines[0].StartsWith(Header, StringComparison.Ordinal) || lines[1] != "key,mean,min")
        {
            throw new InvalidDataException($"{path}: not an out-of-fold eye score file.");
        }

        if (lines[0][Header.Length..] != fingerprint)
        {
            throw new InvalidDataException(
                $"{path} belongs to eye model {lines[0][Header.Length..]}, not to the engine's {fingerprint}: run `faceaspire train-eye-model` again (or delete the file).");
        }

        var scores = new Dictionary<string, (float Mean, float Min)>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(2))
        {
            // Keys may hold commas: the two scores are the last two fields.
            var parts = line.Split(',');
            if (parts.Length < 3)
            {
                throw new InvalidDataException($"{path}: bad line '{line}'.");
            }

            scores[string.Join(',', parts[..^2])] = (float.Parse(parts[^2], CultureInfo.InvariantCulture), float.Parse(parts[^1], CultureInfo.InvariantCulture));
        }

        return scores;
    }

    /// <summary>
    /// <paramref name="features"/> with the <c>eyemodel</c> block of every TRAIN-side sample found in
    /// <paramref name="scores"/> replaced by its out-of-fold scores (vectors copied, the input left as it is).
    /// </summary>
    public static IReadOnlyDictionary<string, float[]?> Apply(
        IReadOnlyList<TrainingSample> samples, IReadOnlyDictionary<string, float[]?> features, IReadOnlyDictionary<string, (float Mean, float Min)> scores, out int replaced)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(scores);
        var block = AttributeFeatures.Block("eyemodel");
        var result = new Dictionary<string, float[]?>(features, StringComparer.Ordinal);
        replaced = 0;
        foreach (var sample in samples.Where(s => s.Side == SplitSide.Train))
        {
            if (features.GetValueOrDefault(sample.Key) is { } vector && scores.TryGetValue(sample.Key, out var score))
            {
                var copy = (float[])vector.Clone();
                copy[block.Offset] = score.Mean;
                copy[block.Offset + 1] = score.Min;
                result[sample.Key] = copy;
                replaced++;
            }
        }

        return result;
    }
}
