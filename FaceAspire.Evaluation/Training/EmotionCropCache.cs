using System.Collections.Concurrent;
using System.Diagnostics;
using FaceAspire.Evaluation.Datasets;
using FaceAspire.Evaluation.Tasks;
using FaceAspire.Vision.Attributes;
using FaceAspire.Vision.Pipeline;

namespace FaceAspire.Evaluation.Training;

/// <summary>How the training crops are cut from FER2013's pictures.</summary>
public enum EmotionCropFraming
{
    /// <summary>Through the engine: the crop of the largest face found, as at run time.</summary>
    Engine,

    /// <summary>The picture's centred square framed as the engine's crop frames the mean FER2013 face (no face finding).</summary>
    Picture,
}

/// <summary>One FER2013 training picture: its path under the dataset, its label index in <see cref="EmotionCropCache.Labels"/>.</summary>
public sealed record EmotionTrainingImage(string Key, string ImagePath, int Label);

/// <summary>
/// The emotion network's training crops (<see cref="EmotionCrop"/>, with their border) of FER2013's Training split,
/// cut once through the real engine: each picture is analysed as the product analyses a photo (detection, mesh,
/// the padded second look for tight crops), and the largest face's crop is kept; pictures where no face is found
/// are recorded as such. One binary file (magic, engine version, crop side, class count, then per picture: key, label, found,
/// crop as bytes 0-255), in an ignored folder (default <c>artifacts/emotion-crops</c>); a file made by another
/// engine version or crop size is recomputed. The file holds pixels of a research-only dataset: never commit it.
/// </summary>
public static class EmotionCropCache
{
    /// <summary>The training folder under the eval root.</summary>
    public const string Folder = "fer2013_train";

    private const string Magic = "faceaspire-emotion-crops-v1";

    /// <summary>Label order of the cache and the network's outputs (FER2013's folder names).</summary>
    public static IReadOnlyList<string> Labels => EmotionNetwork.Classes;

    /// <summary>Every picture of <c>fer2013_train/labels.csv</c>, in file order.</summary>
    public static IReadOnlyList<EmotionTrainingImage> ReadTrainingSplit(string evalRoot)
    {
        var dir = Path.Combine(evalRoot, Folder);
        var table = CsvTable.Load(Path.Combine(dir, "labels.csv"));
        var (path, label) = (table.Column("path"), table.Column("label"));
        return [.. table.Rows.Select(r =>
        {
            var index = Labels.ToList().IndexOf(r[label]);
            if (index < 0)
            {
                throw new InvalidDataException($"Unknown emotion label '{r[label]}' in {Folder}/labels.csv.");
            }

            return new EmotionTrainingImage(r[path], Path.Combine(dir, r[path]), index);
        })];
    }

    /// <summary>The cache file of <paramref name="cacheDirectory"/>, computing the crops it lacks first.</summary>
    public static string Build(
        string cacheDirectory, EmotionCropFraming framing, IReadOnlyList<EmotionTrainingImage> images, Func<FaceAnalyzer> createAnalyzer,
        int parallelism, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(createAnalyzer);
        var file = Path.Combine(cacheDirectory, $"{Folder}.{framing.ToString().ToLowerInvariant()}.crops");
        var known = Read(file).ToDictionary(r => r.Key, StringComparer.Ordinal);
        var missing = images.Where(i => !known.ContainsKey(i.Key)).ToList();
        if (missing.Count == 0)
        {
            return file;
        }

        log?.Invoke($"{Folder}: cutting the {framing} emotion crops of {missing.Count} pictures ({known.Count} cached)");
        var started = Stopwatch.GetTimestamp();
        var found = new ConcurrentDictionary<string, EmotionCropRecord>(known, StringComparer.Ordinal);
        using var analyzer = framing == EmotionCropFraming.Engine ? createAnalyzer() : null;
        var done = 0;
        Parallel.ForEach(
            missing,
            new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            image =>
            {
                var picture = EvalImages.Load(image.ImagePath);
                var crop = analyzer is null
                    ? PictureCrop(picture)
                    : analyzer.Analyze(picture, FaceAttributeSet.Default, false, cancellationToken).MaxBy(f => f.RelativeArea)?.EmotionCrop;
                found[image.Key] = new EmotionCropRecord(image.Key, image.Label, crop is null ? null : ToBytes(crop));
                var count = Interlocked.Increment(ref done);
                if (count % 1000 == 0)
                {
                    log?.Invoke($"{Folder}: {count} of {missing.Count} ({Stopwatch.GetElapsedTime(started).TotalSeconds:0} s)");
                }
            });
        Directory.CreateDirectory(cacheDirectory);
        Write(file, images.Select(i => found[i.Key]));
        log?.Invoke($"{Folder}: {missing.Count} pictures in {Stopwatch.GetElapsedTime(started).TotalSeconds:0} s, "
            + $"{found.Values.Count(r => r.Pixels is null)} without a face found");
        return file;
    }

    /// <summary>The records of a cache file (none when it is missing or was made by another engine version or crop size).</summary>
    public static IReadOnlyList<EmotionCropRecord> Read(string file)
    {
        var result = new List<EmotionCropRecord>();
        if (!File.Exists(file))
        {
            return result;
        }

        using var reader = new BinaryReader(File.OpenRead(file));
        if (reader.ReadString() != Magic || reader.ReadString() != FaceAnalyzer.EngineVersion || reader.ReadInt32() != EmotionCrop.TrainingSize
            || reader.ReadInt32() != EmotionNetwork.Classes.Count)
        {
            return result;
        }

        var count = reader.ReadInt32();
        var side = EmotionCrop.TrainingSize;
        for (var i = 0; i < count; i++)
        {
            var key = reader.ReadString();
            var label = reader.ReadInt32();
            var pixels = reader.ReadBoolean() ? reader.ReadBytes(side * side) : null;
            result.Add(new EmotionCropRecord(key, label, pixels));
        }

        return result;
    }

    private static void Write(string file, IEnumerable<EmotionCropRecord> records)
    {
        var list = records.ToList();
        var temporary = file + ".tmp";
        using (var writer = new BinaryWriter(File.Create(temporary)))
        {
            writer.Write(Magic);
            writer.Write(FaceAnalyzer.EngineVersion);
            writer.Write(EmotionCrop.TrainingSize);
            writer.Write(EmotionNetwork.Classes.Count);
            writer.Write(list.Count);
            foreach (var record in list)
            {
                writer.Write(record.Key);
                writer.Write(record.Label);
                writer.Write(record.Pixels is not null);
                if (record.Pixels is not null)
                {
                    writer.Write(record.Pixels);
                }
            }
        }

        File.Move(temporary, file, overwrite: true);
    }

    private static float[] PictureCrop(Vision.Imaging.RgbImage picture)
    {
        var crop = new float[EmotionCrop.TrainingSize * EmotionCrop.TrainingSize];
        var frame = EmotionCrop.PictureFrame(picture.Width, picture.Height, EmotionCrop.Size, EmotionCrop.TrainingBorder);
        EmotionCrop.Sample(picture, frame, EmotionCrop.TrainingBorder, false, crop);
        return crop;
    }

    private static byte[] ToBytes(float[] crop) => [.. crop.Select(v => (byte)Math.Clamp(MathF.Round(v * 255f), 0f, 255f))];
}

/// <summary>One cached crop: the picture's key, its label index, its crop as bytes (null where no face was found).</summary>
public sealed record EmotionCropRecord(string Key, int Label, byte[]? Pixels);
