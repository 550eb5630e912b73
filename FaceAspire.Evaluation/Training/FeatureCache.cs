using System.Collections.Concurrent;
using System.Diagnostics;
using FaceAspire.Evaluation.Tasks;
using FaceAspire.Vision.Attributes;
using FaceAspire.Vision.Pipeline;

namespace FaceAspire.Evaluation.Training;

/// <summary>
/// Attribute feature vectors of labelled faces, computed once through the real engine (detect, mesh, FaceRes,
/// the same crops as at run time; tight crops found as the product finds them) and kept in one binary file per
/// dataset, so heads retrain in seconds. A file made by another engine version, feature layout or eye-state model
/// (<see cref="EyeStateModel.Fingerprint"/>) is recomputed.
/// The file holds derived numbers only (no pixels) and belongs in an ignored folder (default <c>artifacts/head-features</c>).
/// </summary>
public static class FeatureCache
{
    private const string Magic = "faceaspire-head-features-v2";

    /// <summary>Features per sample key (null where no face was found), extracting what the cache lacks.</summary>
    public static IReadOnlyDictionary<string, float[]?> Load(
        string cacheDirectory, string dataset, IReadOnlyList<TrainingSample> samples, Func<FaceAnalyzer> createAnalyzer,
        int parallelism, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(createAnalyzer);
        var file = Path.Combine(cacheDirectory, dataset + ".features");
        var known = Read(file);
        var missing = samples.Where(s => !known.ContainsKey(s.Key)).ToList();
        if (missing.Count == 0)
        {
            return known;
        }

        log?.Invoke($"{dataset}: extracting features of {missing.Count} images ({known.Count} cached)");
        var started = Stopwatch.GetTimestamp();
        var found = new ConcurrentDictionary<string, float[]?>(known, StringComparer.Ordinal);
        using var analyzer = createAnalyzer();
        var done = 0;
        Parallel.ForEach(
            missing,
            new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            sample =>
            {
                found[sample.Key] = Extract(analyzer, sample.ImagePath, cancellationToken);
                var count = Interlocked.Increment(ref done);
                if (count % 500 == 0)
                {
                    log?.Invoke($"{dataset}: {count} of {missing.Count} ({Stopwatch.GetElapsedTime(started).TotalSeconds:0} s)");
                }
            });
        Directory.CreateDirectory(cacheDirectory);
        Write(file, found);
        log?.Invoke($"{dataset}: {missing.Count} images in {Stopwatch.GetElapsedTime(started).TotalSeconds:0} s");
        return found;
    }

    /// <summary>The largest face's feature vector, the face found as the product finds it.</summary>
    public static float[]? Extract(FaceAnalyzer analyzer, string imagePath, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        var faces = analyzer.Analyze(EvalImages.Load(imagePath), FaceAttributeSet.All, false, cancellationToken);
        return faces.MaxBy(f => f.RelativeArea)?.AttributeFeatures;
    }

    private static Dictionary<string, float[]?> Read(string file)
    {
        var result = new Dictionary<string, float[]?>(StringComparer.Ordinal);
        if (!File.Exists(file))
        {
            return result;
        }

        using var reader = new BinaryReader(File.OpenRead(file));
        if (reader.ReadString() != Magic || reader.ReadString() != FaceAnalyzer.EngineVersion || reader.ReadInt32() != AttributeFeatures.Length
            || reader.ReadString() != EyeStateModel.Default.Fingerprint)
        {
            return result;
        }

        var count = reader.ReadInt32();
        for (var i = 0; i < count; i++)
        {
            var key = reader.ReadString();
            if (!reader.ReadBoolean())
            {
                result[key] = null;
                continue;
            }

            var values = new float[AttributeFeatures.Length];
            reader.Read(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
            result[key] = values;
        }

        return result;
    }

    private static void Write(string file, IReadOnlyDictionary<string, float[]?> features)
    {
        var partial = file + ".tmp";
        using (var writer = new BinaryWriter(File.Create(partial)))
        {
            writer.Write(Magic);
            writer.Write(FaceAnalyzer.EngineVersion);
            writer.Write(AttributeFeatures.Length);
            writer.Write(EyeStateModel.Default.Fingerprint);
            writer.Write(features.Count);
            foreach (var (key, values) in features.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                writer.Write(key);
                writer.Write(values is not null);
                if (values is not null)
                {
                    writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
                }
            }
        }

        File.Move(partial, file, overwrite: true);
    }
}
